import { HIGH_RISK_CASES } from './cases/high-risk.cases';
import { LIFE_SAVING_CASES } from './cases/life-saving.cases';
import { RESOURCE_CASES } from './cases/resources.cases';
import { SPANISH_CASES } from './cases/spanish.cases';
import { TEXT_TRAP_CASES } from './cases/text-traps.cases';
import { VITAL_SIGN_CASES } from './cases/vital-signs.cases';
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
  ...RESOURCE_CASES,
  ...VITAL_SIGN_CASES,
  ...TEXT_TRAP_CASES,
  ...SPANISH_CASES,
].map(([id, esi, tags, why, spec], index) => labelled(index, id, esi, tags, why, spec));
