import type { Encounter, EsiLevel } from '@baton/patient-triage-contracts';
import { agreement, type AgreementFigures } from './agreement-metrics';
import { VALIDATION_TAGS, type ValidationCase, type ValidationTag } from './validation-case';

/** What a decision gives back for one encounter: the level, and optionally the rule and review flag. */
export interface TriageOutcome {
  readonly level: EsiLevel;
  readonly rule?: string;
  readonly needsNurseReview?: boolean;
}

/**
 * Any triage decision over a whole encounter: the rules alone today, the full workflow (rules
 * and model) in part 2. May be asynchronous, so a workflow run fits.
 */
export type TriageDecision = (encounter: Encounter) => TriageOutcome | Promise<TriageOutcome>;

export interface CaseResult {
  readonly id: string;
  readonly label: EsiLevel;
  readonly assigned: EsiLevel;
  readonly rule: string | null;
  readonly needsNurseReview: boolean;
  readonly tags: readonly ValidationTag[];
  readonly why: string;
}

export interface ValidationReport {
  readonly decision: string;
  readonly figures: AgreementFigures;
  /** Labelled ESI 1 or 2 but assigned 3-5: the failure that must never happen. */
  readonly criticalUnderTriage: readonly CaseResult[];
  readonly disagreements: readonly CaseResult[];
  readonly nurseReviews: number;
  readonly casesPerTag: Readonly<Record<ValidationTag, number>>;
  readonly results: readonly CaseResult[];
}

/**
 * Runs a decision over labelled cases, one at a time in the set's order, and reports agreement.
 *
 * @example
 * const report = await evaluateTriage(TRIAGE_VALIDATION_SET, rulesOnlyDecision, 'rules only');
 * report.criticalUnderTriage.length; // 0
 */
export async function evaluateTriage(
  cases: readonly ValidationCase[],
  decide: TriageDecision,
  decision = 'rules only',
): Promise<ValidationReport> {
  const results: CaseResult[] = [];
  for (const item of cases) {
    const outcome = await decide(item.encounter);
    results.push({
      id: item.id,
      label: item.esi,
      assigned: outcome.level,
      rule: outcome.rule ?? null,
      needsNurseReview: outcome.needsNurseReview ?? false,
      tags: item.tags,
      why: item.why,
    });
  }
  const casesPerTag = Object.fromEntries(
    VALIDATION_TAGS.map((tag) => [tag, cases.filter((item) => item.tags.includes(tag)).length]),
  ) as Record<ValidationTag, number>;
  return {
    decision,
    figures: agreement(results),
    criticalUnderTriage: results.filter((result) => result.label <= 2 && result.assigned >= 3),
    disagreements: results.filter((result) => result.assigned !== result.label),
    nurseReviews: results.filter((result) => result.needsNurseReview).length,
    casesPerTag,
    results,
  };
}
