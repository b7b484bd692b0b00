import { parseEncounter, type Encounter } from '@baton/patient-triage-contracts';
import { assessEsi, triageInputOf } from '@baton/patient-triage-domain';
import type { TriageOutcome } from './evaluate-triage';

/**
 * The rules floor alone as a {@link TriageDecision}: the encounter is parsed by its contract
 * first, as the API will, so a case that breaks the contract fails loudly instead of scoring.
 *
 * @example const outcome = rulesOnlyDecision(encounter); // { level: 2, rule: 'B.high-risk.chest-pain', ... }
 */
export function rulesOnlyDecision(encounter: Encounter): TriageOutcome {
  const parsed = parseEncounter(encounter);
  if (!parsed.ok) throw parsed.error;
  const assessment = assessEsi(triageInputOf(parsed.value));
  return { level: assessment.level, rule: assessment.rule, needsNurseReview: assessment.needsNurseReview };
}
