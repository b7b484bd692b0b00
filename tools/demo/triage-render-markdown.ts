import { check, latencyRow, ms, percent, row, seconds } from './markdown-format';
import { ESI_GROUPS, type TriageDemoReport, type UnderTriaged } from './triage-demo-report';

const LEVELS = [1, 2, 3, 4, 5];
const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none';
const cases = (list: readonly UnderTriaged[]) =>
  list.length === 0
    ? 'none'
    : list.map((item) => `#${item.index} ${item.caseId} (ESI ${item.label} → ${item.assigned})`).join(', ');

function confusionTable(confusion: readonly (readonly number[])[]): string[] {
  return [
    row('label \\ assigned', ...LEVELS.map((level) => `ESI ${level}`)),
    row('---', ...LEVELS.map(() => '---:')),
    ...LEVELS.map((label, i) =>
      row(
        `**ESI ${label}**`,
        ...LEVELS.map((_, j) => (i === j ? `**${confusion[i]?.[j] ?? 0}**` : (confusion[i]?.[j] ?? 0))),
      ),
    ),
  ];
}

/** Triage's demo report as Markdown: tables of the figures in `report`, with what each means. */
export function renderTriageMarkdown(report: TriageDemoReport): string {
  const { options, arrivals, agreement, naive, phiScan, checks } = report;
  const byLabel = LEVELS.map((level) => `ESI ${level}: ${arrivals.byLabel[`ESI ${level}`] ?? 0}`).join(', ');
  const slowModel =
    options.modelLatencyMs > 0
      ? ` Every model call took ${options.modelLatencyMs} ms more (\`LLM_SIMULATED_LATENCY_MS\`; the workflow's model deadline is 500 ms).`
      : '';
  return [
    '# Patient triage demo',
    '',
    `${arrivals.total} synthetic arrivals (seed ${options.seed}; ${byLabel}) posted over HTTP to \`POST /v1/encounters\` of the triage vertical (layout \`${options.layout}\`) as a triage nurse, ${options.concurrency} in flight.${slowModel} ` +
      `Each is a labelled case of the validation set with a made-up patient (name, MRN, date of birth, phone); ${arrivals.hard} are hard cases (${counts(arrivals.hardByTag)}), and ${arrivals.identityInText} have the patient's identifiers typed into the history. ` +
      `Levels, reasons, model calls and recorded inputs are read from the event store (schema \`${options.schema}\`, tenant \`${report.tenant}\`: ${report.source.runs} runs, ${report.source.events} events); ` +
      'latencies are measured by the client, from the POST to `TriageAssigned` consumed from RabbitMQ.',
    '',
    '## Checks',
    '',
    row('check', 'value', 'ok'),
    row('---', '---:', ':---:'),
    row(
      'labelled ESI 1-2 assigned ESI 3-5 (under-triage)',
      report.underTriageEsi12.count,
      check(checks.noUnderTriageEsi12),
    ),
    row(
      "arrivals' identifiers found in recorded model inputs, outputs and event streams",
      phiScan.found,
      check(checks.noPhiFound),
    ),
    row(
      'arrivals accepted (202) but never assigned',
      `${report.unassigned} of ${arrivals.accepted} (${arrivals.total} posted)`,
      check(checks.everyArrivalAssigned),
    ),
    '',
    '## Agreement with the labels',
    '',
    row('figure', 'value'),
    row('---', '---:'),
    row('encounters assigned', agreement.cases),
    row('exact agreement', percent(agreement.exact)),
    row('quadratic weighted kappa', agreement.quadraticKappa.toFixed(3)),
    row('over-triage (more urgent than the label)', percent(agreement.overTriage)),
    row('under-triage (less urgent than the label)', percent(agreement.underTriage)),
    row(
      'under-triage of labelled ESI 1-2',
      `${report.underTriageEsi12.count}: ${cases(report.underTriageEsi12.cases)}`,
    ),
    row('decided by', counts(report.decidedBy)),
    '',
    'Confusion matrix (rows: label; columns: the level the run announced):',
    '',
    ...confusionTable(agreement.confusion),
    '',
    '## Time to assignment and latency',
    '',
    "From the store: the run's `run.started` event to the announce step writing `TriageAssigned` (its outbox row, in the same transaction as the step), and to the relay publishing it (the row's `sent_at`). " +
      "ESI 1-2 is assigned by the rules in the run's first transaction, so its written time is 0 ms. From the client: the POST to `TriageAssigned` consumed from RabbitMQ, which adds HTTP, the start of the run and the bus.",
    '',
    row('from', 'encounters', 'p50', 'p95', 'p99', 'max'),
    row('---', '---:', '---:', '---:', '---:', '---:'),
    latencyRow(
      'run started to `TriageAssigned` published, assigned ESI 1-2 (store)',
      report.timeToAssignment.publishedEsi12,
    ),
    latencyRow('run started to `TriageAssigned` published, all (store)', report.timeToAssignment.publishedAll),
    latencyRow(
      'run started to `TriageAssigned` written, assigned ESI 1-2 (store)',
      report.timeToAssignment.writtenEsi12,
    ),
    latencyRow('run started to `TriageAssigned` written, all (store)', report.timeToAssignment.writtenAll),
    latencyRow('POST to `TriageAssigned` consumed, all', report.latency.all),
    ...ESI_GROUPS.map((group) =>
      latencyRow(`POST to \`TriageAssigned\` consumed, assigned ${group}`, report.latency[group]),
    ),
    '',
    `![Latency by assigned level](${report.files.chart})`,
    '',
    '## Rules only, and why',
    '',
    `${report.rulesOnly.count} of ${agreement.cases} assignments (${percent(report.rulesOnly.share)}) stand on the rules alone. ` +
      'Why, as each run recorded it: `FLOOR_ESI_1_2` the rules assigned ESI 1-2 at once with no model, policy or agent in the path; ' +
      '`GATE_REFUSED` the gate policy refused the model; `DEADLINE_PASSED` / `CIRCUIT_OPEN` the model did not answer in time; `GUARD_*` the output guard refused its proposal.',
    '',
    row('reason', 'assignments'),
    row('---', '---:'),
    ...Object.entries(report.rulesOnly.byReason)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => row(`\`${reason}\``, count)),
    '',
    '## Model calls',
    '',
    row('figure', 'value'),
    row('---', '---:'),
    row('model calls (`run.model.called` events)', report.model.calls),
    row(
      'model calls avoided (one per encounter, as the naive pipeline makes, less those made)',
      report.model.callsAvoided,
    ),
    row('runs without a model call, by why', counts(report.model.withoutCallByReason)),
    '',
    '## PHI scan of the recorded prompts',
    '',
    `For every run, each model call's input (the variables the prompt renders, rebuilt from the recorded state at the call: age band, scrubbed complaint, floor, EHR summary, guidelines), its recorded output, and every event of the stream as stored were searched for that arrival's given name, family name, MRN, date of birth (ISO, month-first and day-first) and phone. ` +
      `Scanned: ${phiScan.modelInputs} model inputs, ${phiScan.modelOutputs} outputs, ${phiScan.events} events in ${phiScan.streams} streams. Found: **${phiScan.found}**.`,
    ...phiScan.findings
      .slice(0, 20)
      .map((finding) => `- #${finding.index} ${finding.caseId}: ${finding.kinds.join(', ')} in the ${finding.where}`),
    '',
    '## A naive model-first pipeline on the same arrivals',
    '',
    'Every encounter, registration and raw complaint included, sent to the obedient model of `@baton/llm/testing` (it follows instructions found in its data, as an injectable model does) through the same gateway and prompt, in this process; its level taken as it came: no scrubbing, no rules floor, no gate, no guard. ' +
      "Its clinical reading is credited generously with the rules' own level, so everything it gets wrong below is what it obeyed.",
    '',
    row('', 'naive model-first', 'Baton'),
    row('---', '---:', '---:'),
    row('model calls', naive.calls, report.model.calls),
    row('exact agreement', percent(naive.agreement.exact), percent(agreement.exact)),
    row('quadratic weighted kappa', naive.agreement.quadraticKappa.toFixed(3), agreement.quadraticKappa.toFixed(3)),
    row('under-triage of labelled ESI 1-2', naive.underTriageEsi12.count, report.underTriageEsi12.count),
    row(
      'instructions in the text followed',
      naive.injectionsFollowed.length,
      'n/a: its deterministic model ignores them (the floor and the guard would hold either way)',
    ),
    row(
      "calls carrying the patient's identifiers",
      naive.calls === 0
        ? 0
        : `${naive.callsWithPhi} (name ${naive.phiKindsSent.name}, MRN ${naive.phiKindsSent.mrn}, DOB ${naive.phiKindsSent.dateOfBirth}, phone ${naive.phiKindsSent.phone})`,
      phiScan.found,
    ),
    row(
      'answers repeating an identifier',
      naive.answersWithPhi,
      phiScan.findings.filter((finding) => finding.where === 'model output').length,
    ),
    row(
      'latency p50 / p99',
      `${ms(naive.latency?.p50Ms)} / ${ms(naive.latency?.p99Ms)}`,
      `${ms(report.latency.all?.p50Ms)} / ${ms(report.latency.all?.p99Ms)}`,
    ),
    row('wall time', seconds(naive.wallMs), ''),
    '',
    `Under-triaged by the naive pipeline: ${cases(naive.underTriageEsi12.cases)}.`,
    '',
    'Instructions it followed:',
    '',
    ...(naive.injectionsFollowed.length === 0
      ? ['- none']
      : naive.injectionsFollowed.map(
          (item) =>
            `- #${item.index} ${item.caseId} (label ESI ${item.label}, its reading ${item.reading}, answered ${item.esi}): ${item.instructions.map((text) => `"${text}"`).join('; ')} → ${item.effects.join('; ')}`,
        )),
    '',
    `Demo wall time: ${seconds(report.wallMs)}, on ${report.machine.cpus} cores with a load average of ${report.machine.loadAverage1m.toFixed(1)} when it began (latencies move with it). Figures as JSON: \`${report.files.json}\`.`,
    '',
  ].join('\n');
}
