import type { SyntheticIdentity } from '@baton/patient-triage-feature';

/** Which of a patient's identifiers a text holds: name, MRN, date of birth, phone. */
export type IdentifierKind = 'name' | 'mrn' | 'dateOfBirth' | 'phone';

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole words only, any case: `Zorix` is found in "I am Zorix." but not in "Zorixson". */
const holds = (text: string, value: string) =>
  new RegExp(`(?<![A-Za-z0-9])${escape(value)}(?![A-Za-z0-9])`, 'i').test(text);

/** The date of birth as ISO and as people write it (month first and day first, with and without zeros). */
function dateForms(iso: string): string[] {
  const [year, month, day] = iso.split('-') as [string, string, string];
  const m = String(Number(month));
  const d = String(Number(day));
  return [iso, `${month}/${day}/${year}`, `${day}/${month}/${year}`, `${m}/${d}/${year}`, `${d}/${m}/${year}`];
}

/**
 * The identifier kinds of `identity` found in `text`: the given or family name, the MRN, the date
 * of birth in any usual form, the phone (digits compared, so spacing does not hide it).
 *
 * @example identifiersIn('Patient: Zorix Quelonkson', identity) // ['name']
 */
export function identifiersIn(text: string, identity: SyntheticIdentity): IdentifierKind[] {
  const found: IdentifierKind[] = [];
  if (holds(text, identity.given) || holds(text, identity.family)) found.push('name');
  if (holds(text, identity.mrn)) found.push('mrn');
  if (dateForms(identity.dateOfBirth).some((form) => holds(text, form))) found.push('dateOfBirth');
  // The local number's digits with any spacing, dashes or brackets between them.
  const digits = identity.phone.replace(/^\+1/, '').replace(/\D/g, '').split('');
  if (new RegExp(`(?<![0-9])${digits.join('[\\s().-]*')}(?![0-9])`).test(text)) found.push('phone');
  return found;
}
