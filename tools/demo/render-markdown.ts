import type { KpiFigure } from '@baton/observability';
import { PORTFOLIO_KINDS } from '@baton/loan-underwriting-feature';
import type { DemoReport, PipelineFigures } from './demo-report';
import { check, latencyRow, ms, percent, row, seconds, usd } from './markdown-format';
import { OBSERVED_PATHS, PATH_LABELS } from './outcome-figures';
import { REFERRAL_WATCH_MS } from './referral-watch';
import { UNDERWRITER_MIN_BUREAU_SCORE } from './simulated-underwriter';

const band = (kpi: KpiFigure, show: (value: number) => string) => `${kpi.band.op} ${show(kpi.band.limit)}`;
/** A saving, or how much more the gated pipeline took when it saved nothing. */
const saved = (amount: number, share: number, show: (value: number) => string) =>
  amount >= 0 ? `${show(amount)} (${percent(share)})` : `none: ${show(-amount)} more`;

function personalData(figures: PipelineFigures): string {
  if (figures.modelCalls === 0) return 'no model call';
  return figures.callsWithPersonalData > 0
    ? `**yes**: ${figures.callsWithPersonalData} of ${figures.modelCalls} calls carried name, SSN, email and date of birth`
    : `**no**: all ${figures.modelCalls} calls under the gate's order to redact name, SSN, email and date of birth`;
}

/** Why the cost saved can trail the calls saved: a redaction marker is longer than the value it replaces. */
function tokensNote(naive: PipelineFigures, gated: PipelineFigures): string {
  if (naive.modelCalls === 0 || gated.modelCalls === 0) return '';
  const perCall = (figures: PipelineFigures) => Math.round(figures.inputTokens / figures.modelCalls);
  if (perCall(gated) <= perCall(naive)) return '';
  return (
    ` A gated call averages ${perCall(gated)} input tokens against the naive one's ${perCall(naive)}: the redaction markers (\`[REDACTED:application.applicant.ssn]\`) ` +
    'are longer than the values they replace, so the cost saved trails the calls saved.'
  );
}

/** The demo's report as Markdown: tables of the figures in `report`, with what each means. */
export function renderMarkdown(report: DemoReport): string {
  const { options, outcomes, policyGate, model, latency, kpis, comparison, price, portfolio } = report;
  const priced = `${price.provider}:${price.model}`;
  const valid = outcomes.total - outcomes.rejected_malformed;
  const lines = [
    '# Loan underwriting demo',
    '',
    `${options.size} synthetic applications (seed ${options.seed}) submitted over HTTP to the loan vertical (layout \`${options.layout}\`), ${options.concurrency} in flight at a time; ` +
      `a simulated underwriter resolves referrals (approves when the bureau score is at least ${UNDERWRITER_MIN_BUREAU_SCORE} and the DTI at most 43%). ` +
      `Outcomes and model figures are read from the event store (schema \`${options.schema}\`, tenant \`${report.tenants.main}\`); latencies are measured by the client, from submit to \`LoanDecided\` consumed from RabbitMQ.`,
    '',
    '## Outcomes',
    '',
    row('outcome', 'applications'),
    row('---', '---:'),
    ...OBSERVED_PATHS.filter(
      (path) =>
        outcomes[path] > 0 ||
        [
          'approved_by_scorecard',
          'declined_by_policy',
          'declined_by_scorecard',
          'rejected_malformed',
          'failed',
        ].includes(path),
    ).map((path) => row(PATH_LABELS[path], outcomes[path])),
    row('**total**', `**${outcomes.total}**`),
    '',
    '## The portfolio',
    '',
    row(
      'kind',
      'submitted',
      'approved (scorecard)',
      'declined (policy)',
      'declined (scorecard)',
      'referred',
      'rejected (400)',
      'failed',
    ),
    row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'),
    ...PORTFOLIO_KINDS.map((kind) => {
      const paths = portfolio.pathsByKind[kind];
      const referred = paths.referred_approved_by_underwriter + paths.referred_declined_by_underwriter + paths.expired;
      return row(
        kind.replace('_', '-'),
        portfolio.byKind[kind],
        paths.approved_by_scorecard,
        paths.declined_by_policy,
        paths.declined_by_scorecard,
        referred,
        paths.rejected_malformed,
        paths.failed + paths.undecided,
      );
    }),
    '',
    `${portfolio.asExpected} of ${outcomes.total} applications ended where the generator expected from the seeded records, the policy and the scorecard${portfolio.unexpected.length === 0 ? '.' : ':'}`,
    ...portfolio.unexpected
      .slice(0, 10)
      .map(
        (item) =>
          `- #${item.index} (${item.kind}, ${item.trait}): expected ${JSON.stringify(item.expected)}, ended ${item.observed}`,
      ),
    '',
    '## Policy before the model',
    '',
    row('figure', 'value', 'ok'),
    row('---', '---:', ':---:'),
    row('runs declined by the compliance policy', policyGate.deniedByPolicy, ''),
    row(
      'of them with a `run.model.called` event',
      policyGate.deniedWithModelCall,
      check(policyGate.deniedWithModelCall === 0),
    ),
    row(
      'of them with a credit bureau pull',
      policyGate.deniedWithBureauPull,
      check(policyGate.deniedWithBureauPull === 0),
    ),
    row(
      'reasons',
      Object.entries(policyGate.byReason)
        .sort((a, b) => b[1] - a[1])
        .map(([code, count]) => `${code} ${count}`)
        .join(', ') || 'none',
      '',
    ),
    '',
    '## Model calls and cost',
    '',
    `Priced as **${priced}** at $${price.inputUsdPerMillionTokens} per million input and $${price.outputUsdPerMillionTokens} per million output tokens: the list prices in \`@baton/llm\`'s price table, ` +
      `dated ${price.pricesAsOf}, applied to the token counts recorded in the \`run.model.called\` events (the deterministic model itself costs nothing to run).`,
    '',
    row('figure', 'value'),
    row('---', '---:'),
    row('model calls', model.calls),
    row(
      'tokens in / out',
      `${model.inputTokens.toLocaleString('en-US')} / ${model.outputTokens.toLocaleString('en-US')}`,
    ),
    row(`model cost (${priced})`, usd(model.costUsd)),
    row('model calls avoided by the gate (policy denials)', model.callsAvoided),
    row(`model cost avoided (${priced}, at the mean cost of a call made)`, usd(model.costAvoidedUsd)),
    row('credit bureau pulls (avoided)', `${model.bureauPulls} (${model.bureauPullsAvoided})`),
    '',
    '## Latency',
    '',
    row('from submit to', 'applications', 'p50', 'p95', 'p99', 'max'),
    row('---', '---:', '---:', '---:', '---:', '---:'),
    latencyRow('`LoanDecided`, automated decisions', latency.automated),
    latencyRow('`LoanDecided`, declined by policy', latency.policyDenials),
    latencyRow('`LoanDecided`, decided by the scorecard', latency.scorecard),
    latencyRow('referred (run started to referred, event store clock)', latency.toReferral),
    latencyRow("`LoanDecided` after the underwriter's review", latency.referralToFinalDecision),
    '',
    `Referrals are reported apart: \`LoanDecided\` announces decisions only, so the demo sees a referral in the event store (checked every ${REFERRAL_WATCH_MS} ms), and its final decision waits for the underwriter.`,
    '',
    "## KPIs beside the seed's bands",
    '',
    row('figure', 'value', 'band', 'ok'),
    row('---', '---:', '---:', ':---:'),
    row(
      'success rate (`computeKpis`)',
      kpis.successRate.value === null ? 'n/a' : `${(kpis.successRate.value * 100).toFixed(2)}%`,
      band(kpis.successRate, (limit) => `${limit * 100}%`),
      check(kpis.successRate.ok),
    ),
    row(
      'cost per transaction, model at its ledger price (`computeKpis`)',
      kpis.costPerTransactionLedgerUsd.value === null ? 'n/a' : usd(kpis.costPerTransactionLedgerUsd.value),
      band(kpis.costPerTransactionLedgerUsd, (limit) => `$${limit}`),
      check(kpis.costPerTransactionLedgerUsd.ok),
    ),
    row(
      `cost per transaction, model priced as ${priced}`,
      kpis.costPerTransactionPricedUsd.value === null ? 'n/a' : usd(kpis.costPerTransactionPricedUsd.value),
      band(kpis.costPerTransactionPricedUsd, (limit) => `$${limit}`),
      check(kpis.costPerTransactionPricedUsd.ok),
    ),
    row(
      'automated decision latency p99',
      ms(kpis.automatedLatencyP99Ms.value),
      band(kpis.automatedLatencyP99Ms, (limit) => ms(limit)),
      check(kpis.automatedLatencyP99Ms.ok),
    ),
    '',
    `${kpis.transactions} transactions; infrastructure charged at $${kpis.infraCostPerStepUsd} per completed step (\`KPI_INFRA_COST_PER_STEP_USD\`).`,
    '',
    `## Naive model-first vs Baton's gated pipeline${comparison.modelLatencyMs > 0 ? ` (+${comparison.modelLatencyMs} ms per model call)` : ''}`,
    '',
    `The same ${valid} valid applications, ${options.concurrency} in flight at a time, the same deterministic model${comparison.modelLatencyMs > 0 ? ` slowed by ${comparison.modelLatencyMs} ms per call (a hosted model's round trip)` : ''}, prompt, policy documents and scorecard. ` +
      "The naive pipeline calls the model on every whole application first and applies the compliance policy afterwards, in the demo process: no HTTP, database or bus, so any time it loses is the model's or the outside systems'. " +
      `Both pay the simulated outside systems' latencies (${outsideLatencies(options.outside)}): the naive pipeline one after another before its model call, as a script would; Baton's workflow (version 3) asks KYC with sanctions and the bureau with income at once. ` +
      `Baton's figures are its ${comparison.modelLatencyMs > 0 ? `own run of the portfolio with \`LLM_SIMULATED_LATENCY_MS=${comparison.modelLatencyMs}\` (tenant \`${report.tenants.comparison}\`)` : 'run above'}, over HTTP, PostgreSQL and RabbitMQ.`,
    '',
    row('', 'naive model-first', 'Baton gated', 'saved by gating'),
    row('---', '---:', '---:', '---:'),
    row(
      'model calls',
      comparison.naive.modelCalls,
      comparison.gated.modelCalls,
      saved(comparison.saved.calls, comparison.saved.callsShare, String),
    ),
    row(
      `model cost (${priced})`,
      usd(comparison.naive.costUsd),
      usd(comparison.gated.costUsd),
      saved(comparison.saved.costUsd, comparison.saved.costShare, usd),
    ),
    row(
      'time waiting on the model (sum over calls)',
      seconds(comparison.naive.modelWaitMs),
      seconds(comparison.gated.modelWaitMs),
      saved(comparison.saved.modelWaitMs, comparison.saved.modelWaitShare, seconds),
    ),
    row(
      'wall time, first in to last settled',
      seconds(comparison.naive.wallMs),
      seconds(comparison.gated.wallMs),
      saved(comparison.saved.wallMs, comparison.saved.wallShare, seconds),
    ),
    row(
      'latency p50 / p95',
      `${ms(comparison.naive.latency?.p50Ms)} / ${ms(comparison.naive.latency?.p95Ms)}`,
      `${ms(comparison.gated.latency?.p50Ms)} / ${ms(comparison.gated.latency?.p95Ms)}`,
      '',
    ),
    row('personal data sent to the model', personalData(comparison.naive), personalData(comparison.gated), ''),
    '',
    `Both pipelines reached the same outcome (approved, declined or referred) for ${comparison.outcomesAgree} of ${comparison.naive.applications} applications.${tokensNote(comparison.naive, comparison.gated)}`,
    '',
    `![Latency distributions](${report.files.chart})`,
    '',
    `Demo wall time: ${seconds(report.wallMs)}. Figures as JSON: \`${report.files.json}\`.`,
    '',
  ];
  return lines.join('\n');
}

/** The outside systems' stated latencies, as the report names them. */
function outsideLatencies(outside: { latencyMs: Readonly<Record<string, number>>; jitter: number }): string {
  const systems = Object.entries(outside.latencyMs).map(([system, ms]) => `${system} ${ms} ms`);
  return `${systems.join(', ')}, each within ±${Math.round(outside.jitter * 100)}%`;
}
