import type { Registration } from '@baton/patient-triage-contracts';

type Random = () => number;

// Syllables no real name or clinical word is made of, so a found name is certainly a leak.
const ONSETS = ['Zor', 'Quel', 'Vax', 'Brin', 'Tul', 'Mek', 'Dru', 'Fyn', 'Ost', 'Pel', 'Yar', 'Kiv', 'Xan', 'Wup'];
const ENDINGS = ['ix', 'orb', 'undel', 'azzo', 'ewick', 'qua', 'emot', 'ulph', 'irra', 'onk'];
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** The identifiers a PHI scan looks for: each must never reach a prompt, a log or a table row. */
export interface SyntheticIdentity {
  readonly given: string;
  readonly family: string;
  readonly mrn: string;
  /** ISO `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly phone: string;
}

/**
 * A made-up patient: a name of invented syllables, an MRN `DEMO-` plus seven digits, a phone in
 * the 555-01xx range reserved for fiction, and the date of birth given. `index` keeps MRNs unique.
 *
 * @example syntheticIdentity(seededRandom(1), 7, '1980-05-02').mrn; // 'DEMO-0000007' style, unique per index
 */
export function syntheticIdentity(random: Random, index: number, dateOfBirth: string): SyntheticIdentity {
  const given = `${pick(random, ONSETS)}${pick(random, ENDINGS)}`;
  const family = `${pick(random, ONSETS)}${pick(random, ENDINGS)}${pick(random, ['son', 'ley', 'ard', 'enko'])}`;
  const mrn = `DEMO-${String(index * 7919 + Math.floor(random() * 7919)).padStart(7, '0')}`;
  const phone = `+1 555 01${String(Math.floor(random() * 100)).padStart(2, '0')} ${String(1000 + index).slice(-4)}`;
  return { given, family, mrn, dateOfBirth, phone };
}

/** A registration holding the identity, with an address and email as fictional as the name. */
export function registrationOf(identity: SyntheticIdentity, sex: Registration['sex'], index: number): Registration {
  return {
    name: { given: identity.given, family: identity.family },
    mrn: identity.mrn,
    dateOfBirth: identity.dateOfBirth,
    sex,
    address: {
      line1: `${index + 1} ${identity.family} Lane`,
      line2: null,
      city: 'Demotown',
      region: 'DT',
      postalCode: '00000',
      country: 'US',
    },
    phone: identity.phone,
    email: `${identity.given.toLowerCase()}.${identity.family.toLowerCase()}@example.test`,
    insurerId: `DEMO-INS-${10_000 + index}`,
  };
}
