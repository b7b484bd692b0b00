import type { Encounter } from '@baton/patient-triage-contracts';
import { rulesOnlyDecision, TRIAGE_VALIDATION_SET } from '@baton/patient-triage-feature';

/** One in this many encounters is ESI 1-2 by the rules: about a department's mix (issue 24's demo: 20-30% ESI 1-2). */
export const URGENT_EVERY = 4;

/** The validation set split by the rules floor: ESI 1-2 (assigned by the rules, no model) and ESI 3-5 (the model proposes). */
export function validationCasesByFloor(): {
  readonly urgent: readonly Encounter[];
  readonly model: readonly Encounter[];
} {
  const urgent: Encounter[] = [];
  const model: Encounter[] = [];
  for (const { encounter } of TRIAGE_VALIDATION_SET)
    (rulesOnlyDecision(encounter).level <= 2 ? urgent : model).push(encounter);
  return { urgent, model };
}

/**
 * The bench's arrivals: every {@link URGENT_EVERY}th an ESI 1-2 case of the validation set, the
 * others ESI 3-5 cases, each cycling through its list, each with a fresh encounter id.
 *
 * @example const next = triageArrivals('fast'); next().encounterId // 'bench-fast-0'
 */
export function triageArrivals(phase: string): () => Encounter {
  const { urgent, model } = validationCasesByFloor();
  let sequence = 0;
  return () => {
    const index = sequence++;
    const pool = index % URGENT_EVERY === 0 ? urgent : model;
    const encounter = pool[Math.floor(index / URGENT_EVERY) % pool.length] as Encounter;
    return { ...encounter, encounterId: `bench-${phase}-${index}` };
  };
}
