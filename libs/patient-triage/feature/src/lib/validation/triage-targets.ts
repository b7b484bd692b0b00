import type { AgreementFigures } from './agreement-metrics';
import type { ValidationReport } from './evaluate-triage';

/**
 * Issue 22's targets for the full decision (rules and model): at least 85% exact, weighted kappa
 * at least 0.90, over-triage at most 15%, and never an ESI 1-2 case triaged 3-5.
 */
export const TRIAGE_TARGETS = { exactAtLeast: 0.85, kappaAtLeast: 0.9, overTriageAtMost: 0.15 } as const;

/**
 * The targets a report misses, by name; empty when it meets them all.
 *
 * @example missedTargets(report); // [] or ['exact agreement 80.0% < 85%']
 */
export function missedTargets(report: ValidationReport): string[] {
  const figures: AgreementFigures = report.figures;
  const missed: string[] = [];
  if (figures.exact < TRIAGE_TARGETS.exactAtLeast)
    missed.push(`exact agreement ${(figures.exact * 100).toFixed(1)}% < ${TRIAGE_TARGETS.exactAtLeast * 100}%`);
  if (figures.quadraticKappa < TRIAGE_TARGETS.kappaAtLeast)
    missed.push(`weighted kappa ${figures.quadraticKappa.toFixed(3)} < ${TRIAGE_TARGETS.kappaAtLeast}`);
  if (figures.overTriage > TRIAGE_TARGETS.overTriageAtMost)
    missed.push(`over-triage ${(figures.overTriage * 100).toFixed(1)}% > ${TRIAGE_TARGETS.overTriageAtMost * 100}%`);
  if (report.criticalUnderTriage.length > 0)
    missed.push(`${report.criticalUnderTriage.length} ESI 1-2 case(s) triaged 3-5`);
  return missed;
}

/**
 * Several decisions' figures side by side (rules only beside rules and model), one column each.
 *
 * @example renderFigureComparison([rulesOnly, fullDecision]);
 */
export function renderFigureComparison(reports: readonly ValidationReport[]): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const rows: [string, (report: ValidationReport) => string][] = [
    ['cases', (report) => String(report.figures.cases)],
    ['exact agreement', (report) => percent(report.figures.exact)],
    ['weighted kappa (qw)', (report) => report.figures.quadraticKappa.toFixed(3)],
    ['over-triage', (report) => percent(report.figures.overTriage)],
    ['under-triage', (report) => percent(report.figures.underTriage)],
    ['ESI 1-2 triaged 3-5', (report) => String(report.criticalUnderTriage.length)],
    ['targets missed', (report) => String(missedTargets(report).length)],
  ];
  const width = Math.max(14, ...reports.map((report) => report.decision.length + 2));
  const header = `${''.padEnd(22)}${reports.map((report) => report.decision.padStart(width)).join('')}`;
  const lines = rows.map(
    ([name, value]) => `${name.padEnd(22)}${reports.map((report) => value(report).padStart(width)).join('')}`,
  );
  return `${[header, ...lines].join('\n')}\n`;
}
