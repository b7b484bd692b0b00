import { createHash } from 'node:crypto';
import { Pseudonymiser, type KnownIdentifier } from '@baton/llm';
import type { AgeAtArrival, Encounter, Registration } from '@baton/patient-triage-contracts';
import { redactpiiDetector } from './redactpii-detector';

/**
 * The pseudonymous subject id of a patient within a tenant, from the MRN: the id the registration
 * is sealed under and the EHR agent looks records up by. It names no one; erasing the subject's
 * key erases the sealed fields.
 *
 * @example subjectIdFor('acme', 'MRN-1234'); // 'subj-3f…'
 */
export function subjectIdFor(tenant: string, mrn: string): string {
  return `subj-${createHash('sha256').update(`triage-subject:${tenant}:${mrn.toUpperCase()}`).digest('hex').slice(0, 32)}`;
}

/** Day-first and month-first forms of an ISO date, as people write it. */
function dateForms(iso: string): string[] {
  const [year, month, day] = iso.split('-') as [string, string, string];
  const m = String(Number(month));
  const d = String(Number(day));
  return [iso, `${month}/${day}/${year}`, `${day}/${month}/${year}`, `${m}/${d}/${year}`, `${d}/${m}/${year}`];
}

/** Every identity field of a registration as text to look for, the whole name before its parts. */
export function knownIdentifiers(registration: Registration): KnownIdentifier[] {
  const { name, address } = registration;
  const known: KnownIdentifier[] = [
    { kind: 'NAME', value: `${name.given} ${name.family}` },
    { kind: 'NAME', value: `${name.family}, ${name.given}` },
    ...name.given.split(/\s+/).map((value) => ({ kind: 'NAME', value })),
    ...name.family.split(/\s+/).map((value) => ({ kind: 'NAME', value })),
    { kind: 'MRN', value: registration.mrn },
    ...dateForms(registration.dateOfBirth).map((value) => ({ kind: 'DATE', value })),
    { kind: 'ADDRESS', value: address.line1 },
    ...(address.line2 ? [{ kind: 'ADDRESS', value: address.line2 }] : []),
    { kind: 'ADDRESS', value: address.postalCode },
    { kind: 'PHONE', value: registration.phone },
    ...(registration.email ? [{ kind: 'EMAIL', value: registration.email }] : []),
    ...(registration.insurerId ? [{ kind: 'ID', value: registration.insurerId }] : []),
  ];
  return known.filter((item) => item.value.trim().length >= 2);
}

/** The complaint with identifiers replaced, and the tokens' map back (PHI: sealed in the run). */
export interface ScrubbedComplaint {
  readonly chiefComplaint: string;
  readonly history: string;
  readonly tokens: Readonly<Record<string, string>>;
}

/**
 * Scrubs an encounter's free text before anything outside the rules reads it: the registration's
 * own identifiers wherever they occur, then identifiers by shape (e-mail, phone, SSN, record
 * numbers, dates, street addresses), then what `@redactpii/node` finds. One token per value
 * across both fields.
 *
 * @example scrubComplaint(encounter).chiefComplaint; // 'chest pain, I am [NAME-1], call [PHONE-1]'
 */
export function scrubComplaint(encounter: Encounter): ScrubbedComplaint {
  const pseudonymiser = new Pseudonymiser({
    known: knownIdentifiers(encounter.registration),
    detectors: [redactpiiDetector],
  });
  const chiefComplaint = pseudonymiser.scrub(encounter.complaint.chiefComplaint);
  const history = pseudonymiser.scrub(encounter.complaint.history);
  return { chiefComplaint, history, tokens: pseudonymiser.tokens };
}

/** What the model is told of age: a band, never a date of birth or an exact age. */
export function modelAgeBand(age: AgeAtArrival): string {
  if (age.years < 3) return (age.days ?? 0) < 90 ? 'under 3 months' : '3 months to 3 years';
  if (age.years <= 8) return '3 to 8 years';
  if (age.years < 18) return '9 to 17 years';
  const bands: [number, string][] = [
    [40, '18 to 39 years'],
    [65, '40 to 64 years'],
    [80, '65 to 79 years'],
  ];
  return bands.find(([below]) => age.years < below)?.[1] ?? '80 years or over';
}
