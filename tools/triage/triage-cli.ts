// npm run triage -- <command>
//   validate            runs the validation set through the rules alone and prints the report;
//                       exit 1 if any labelled ESI 1-2 case is triaged 3-5
//   retrieve <text>     the top 3 guideline snippets for a complaint, with scores and tokens
// Pure: no database, no broker, no vertical definition needed.
// Triage is not yet in tools/verticals.json (the generator adds it with the vertical); until then
// the tools' scope rule does not list scope:triage, hence the one disabled check below.
import {
  evaluateTriage,
  GuidelineIndex,
  missedTargets,
  renderValidationReport,
  rulesOnlyDecision,
  TRIAGE_VALIDATION_SET,
} from '@baton/patient-triage-feature';
import { runTool } from '../vertical-tool';

const USAGE = `usage: npm run triage -- <command>
  validate
  retrieve <complaint text>`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'validate' && rest.length === 0) {
    const report = await evaluateTriage(TRIAGE_VALIDATION_SET, rulesOnlyDecision, 'rules only');
    process.stdout.write(renderValidationReport(report));
    const missed = missedTargets(report);
    process.stdout.write(`\nTargets for the full decision: ${missed.length === 0 ? 'all met' : missed.join('; ')}\n`);
    if (report.criticalUnderTriage.length > 0) process.exitCode = 1;
    return;
  }
  if (command === 'retrieve' && rest.length > 0) {
    const hits = new GuidelineIndex().retrieve(rest.join(' '));
    for (const hit of hits)
      process.stdout.write(`${hit.snippet.id}\t${hit.score.toFixed(2)}\t${hit.tokens} tokens\t${hit.snippet.title}\n`);
    return;
  }
  process.stderr.write(`baton: ${command ? `unknown command or arguments: ${command}` : 'no command'}\n${USAGE}\n`);
  process.exitCode = 2;
}

void runTool(main);
