import { HIGH_RISK_CASES } from './cases/high-risk.cases';
import { LIFE_SAVING_CASES } from './cases/life-saving.cases';
import { DANGER_ZONE_CASES } from './cases/danger-zone.cases';
import { FEVER_AND_PAIN_CASES } from './cases/fever-and-pain.cases';
import { INJECTION_AND_PHI_CASES } from './cases/injection-and-phi.cases';
import { NEGATION_CASES } from './cases/negation.cases';
import { PARAPHRASE_CASES } from './cases/paraphrase.cases';
import { FEW_RESOURCE_CASES } from './cases/resources-few.cases';
import { MANY_RESOURCE_CASES } from './cases/resources-many.cases';
import { SPANISH_CASES } from './cases/spanish.cases';
import { labelled, type ValidationCase } from './validation-case';

/**
 * The labelled encounters, in a fixed order: every decision point, each danger-zone band,
 * paediatric fever, pain exactly 7, 0/1/2+ resources, negation, downplaying, instructions and
 * PHI in the complaint, Spanish complaints, vitals not taken. Labels come from the ESI v4
 * handbook's questions (each case says why), not from this repository's rules.
 *
 * @example const report = evaluateTriage(TRIAGE_VALIDATION_SET, rulesOnlyDecision);
 */
export const TRIAGE_VALIDATION_SET: readonly ValidationCase[] = [
  ...LIFE_SAVING_CASES,
  ...HIGH_RISK_CASES,
  ...FEW_RESOURCE_CASES,
  ...MANY_RESOURCE_CASES,
  ...DANGER_ZONE_CASES,
  ...FEVER_AND_PAIN_CASES,
  ...NEGATION_CASES,
  ...INJECTION_AND_PHI_CASES,
  ...SPANISH_CASES,
  ...PARAPHRASE_CASES,
].map(([id, esi, tags, why, spec], index) => labelled(index, id, esi, tags, why, spec));
