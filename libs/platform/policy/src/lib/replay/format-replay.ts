import type { DecisionSummary, ReplayReport } from './replay-decisions';

const describe = (summary: DecisionSummary): string =>
  `${summary.effect} ${summary.reasons.join('+') || '-'} (${summary.policyId}@${summary.policyVersion})${summary.obligations.length > 0 ? ` obligations ${JSON.stringify(summary.obligations)}` : ''}`;

/**
 * A replay report as a table of differences, the skipped decisions, and one closing line.
 *
 * @example process.stdout.write(`${formatReplayReport(await engine.replay({ from: '2026-11-01T00:00:00Z', version: '2' }))}\n`);
 */
export function formatReplayReport(report: ReplayReport): string {
  const lines = [
    `replay under ${report.policyId ? `${report.policyId}@${report.version}` : `version ${report.version} of each decision's policy`}`,
  ];
  if (report.differences.length > 0) {
    lines.push(
      '| decision | run / step | intent | decided at | before | after | changed |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const difference of report.differences) {
      lines.push(
        `| ${difference.decisionId} | ${difference.runId} / ${difference.stepId} | ${difference.intent} | ${difference.decidedAt} | ${describe(difference.before)} | ${describe(difference.after)} | ${difference.changed.join(', ')} |`,
      );
    }
  }
  report.skipped.forEach((skip) => lines.push(`skipped ${skip.decisionId}: ${skip.reason}`));
  lines.push(
    `replay: ${report.replayed} re-decided, ${report.differences.length} differ, ${report.replayed - report.differences.length} unchanged, ${report.skipped.length} skipped`,
  );
  return lines.join('\n');
}
