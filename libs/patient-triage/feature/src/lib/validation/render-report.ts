import type { ValidationReport } from './evaluate-triage';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The report as plain text for a terminal or a test log: figures, confusion matrix (rows are
 * labels, columns assigned), critical under-triage, every disagreement with its reasoning, and
 * how many cases exercise each tag.
 *
 * @example process.stdout.write(renderValidationReport(report));
 */
export function renderValidationReport(report: ValidationReport): string {
  const { figures } = report;
  const lines = [
    `Triage validation (${report.decision}): ${figures.cases} labelled encounters`,
    `  exact agreement      ${percent(figures.exact)}`,
    `  weighted kappa (qw)  ${figures.quadraticKappa.toFixed(3)}`,
    `  over-triage          ${percent(figures.overTriage)}`,
    `  under-triage         ${percent(figures.underTriage)}`,
    `  ESI 1-2 triaged 3-5  ${report.criticalUnderTriage.length}`,
    `  nurse review asked   ${report.nurseReviews}`,
    '',
    'Confusion matrix (rows: label, columns: assigned)',
    `         ${[1, 2, 3, 4, 5].map((level) => `ESI ${level}`.padStart(6)).join('')}`,
    ...figures.confusion.map(
      (row, index) => `  ESI ${index + 1}  ${row.map((count) => String(count).padStart(6)).join('')}`,
    ),
    '',
  ];
  if (report.criticalUnderTriage.length > 0) {
    lines.push('CRITICAL: labelled ESI 1-2, assigned 3-5');
    for (const result of report.criticalUnderTriage)
      lines.push(`  ${result.id}: label ${result.label}, assigned ${result.assigned} (${result.rule ?? '-'})`);
    lines.push('');
  }
  lines.push(`Disagreements (${report.disagreements.length})`);
  for (const result of report.disagreements)
    lines.push(
      `  ${result.id}: label ${result.label}, assigned ${result.assigned} by ${result.rule ?? '-'}; ${result.why}`,
    );
  lines.push('', 'Cases per tag');
  lines.push(
    ...Object.entries(report.casesPerTag).map(([tag, count]) => `  ${tag.padEnd(34)} ${String(count).padStart(3)}`),
  );
  return `${lines.join('\n')}\n`;
}
