import type { Encounter, TriageInput } from '@baton/patient-triage-contracts';
import { ageAtArrival } from './age-at-arrival';

/**
 * What the ESI rules may read of an encounter: the age derived from date of birth and arrival,
 * and no other registration field, so the rules never hold a name, MRN or contact.
 *
 * @example
 * const decision = assessEsi(triageInputOf(encounter));
 */
export function triageInputOf(encounter: Encounter): TriageInput {
  return {
    age: ageAtArrival(encounter.registration.dateOfBirth, encounter.arrival.at),
    arrivalMode: encounter.arrival.mode,
    complaint: encounter.complaint,
    vitals: encounter.vitals,
    pain: encounter.pain,
    pregnancy: encounter.pregnancy,
  };
}
