import type { Encounter, EsiLevel, VitalSigns } from '@baton/patient-triage-contracts';

/** What a case exercises; the report counts cases per tag so gaps show. */
export const VALIDATION_TAGS = [
  'decision-a',
  'decision-b',
  'decision-c',
  'decision-d',
  'danger-zone:under-3-months',
  'danger-zone:3-months-to-3-years',
  'danger-zone:3-to-8-years',
  'danger-zone:over-8-years',
  'hypotension',
  'paediatric-fever',
  'pain-7',
  'resources-0',
  'resources-1',
  'resources-2+',
  'negation',
  'downplaying',
  'prompt-injection',
  'phi-in-text',
  'spanish',
  'missing-vitals',
  'paraphrase',
] as const;
export type ValidationTag = (typeof VALIDATION_TAGS)[number];

/**
 * One labelled encounter. The label is what the ESI v4 handbook's algorithm gives, reasoned in
 * `why` from the handbook's questions, never read off this repository's rules.
 */
export interface ValidationCase {
  readonly id: string;
  readonly esi: EsiLevel;
  readonly tags: readonly ValidationTag[];
  readonly why: string;
  readonly encounter: Encounter;
}

/** How a case is written: age as `20d` (days) or `45y` (years), vitals only where not normal. */
export interface CaseSpec {
  readonly age: `${number}d` | `${number}y`;
  readonly sex?: 'female' | 'male';
  readonly mode?: 'walk-in' | 'ambulance';
  readonly complaint: string;
  readonly history?: string;
  readonly vitals?: Partial<VitalSigns>;
  readonly pain?: number | null;
  readonly pregnancy?: Encounter['pregnancy'];
}

// Normal vitals by age, from paediatric reference ranges, well inside every triage limit.
const NORMAL_VITALS: readonly { upToYears: number; vitals: VitalSigns }[] = [
  { upToYears: 0, vitals: vitals(140, 80, 45, 38, 37.0) },
  { upToYears: 2, vitals: vitals(118, 95, 55, 28, 37.0) },
  { upToYears: 8, vitals: vitals(98, 102, 62, 22, 37.0) },
  { upToYears: 130, vitals: vitals(78, 124, 78, 16, 36.8) },
];

function vitals(
  heartRate: number,
  systolic: number,
  diastolic: number,
  respiratoryRate: number,
  t: number,
): VitalSigns {
  return { heartRate, systolic, diastolic, respiratoryRate, spo2: 98, temperatureC: t, gcs: 15, avpu: 'alert' };
}

const GIVEN = ['Ana', 'Ben', 'Chloe', 'Diego', 'Elena', 'Farid', 'Grace', 'Hugo', 'Iris', 'Jon', 'Kira', 'Luis'];
const FAMILY = ['Alvarez', 'Brooks', 'Chen', 'Duarte', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen'];
const ARRIVAL_START = Date.parse('2026-03-02T08:00:00Z');

function dateOfBirth(age: CaseSpec['age'], arrival: Date): string {
  const amount = Number(age.slice(0, -1));
  const born = new Date(arrival);
  if (age.endsWith('d')) born.setUTCDate(born.getUTCDate() - amount);
  // Ten days past the birthday, so no case sits on an age boundary by accident.
  else born.setUTCFullYear(born.getUTCFullYear() - amount, born.getUTCMonth(), born.getUTCDate() - 10);
  return born.toISOString().slice(0, 10);
}

/**
 * Builds a labelled case with synthetic registration data (fictional names, numbers and
 * addresses), normal vitals for age unless given, and arrivals a few minutes apart.
 *
 * @example labelled(7, 'B-01', 2, ['decision-b'], 'chest pain suspicious for ACS', { age: '58y', complaint: 'chest pain' })
 */
export function labelled(
  index: number,
  id: string,
  esi: EsiLevel,
  tags: readonly ValidationTag[],
  why: string,
  spec: CaseSpec,
): ValidationCase {
  const arrival = new Date(ARRIVAL_START + index * 7 * 60_000);
  const years = spec.age.endsWith('y') ? Number(spec.age.slice(0, -1)) : 0;
  const normal = (NORMAL_VITALS.find((row) => years <= row.upToYears) ??
    NORMAL_VITALS[3]) as (typeof NORMAL_VITALS)[number];
  const given = GIVEN[index % GIVEN.length] as string;
  const family = FAMILY[(index * 7) % FAMILY.length] as string;
  const sex = spec.sex ?? (index % 2 === 0 ? 'female' : 'male');
  return {
    id,
    esi,
    tags,
    why,
    encounter: {
      encounterId: `validation-${id}`,
      registration: {
        name: { given, family },
        mrn: `VAL-${String(100000 + index * 37)}`,
        dateOfBirth: dateOfBirth(spec.age, arrival),
        sex,
        address: {
          line1: `${10 + index} Example Road`,
          line2: null,
          city: 'Testville',
          region: 'TS',
          postalCode: '00000',
          country: 'US',
        },
        phone: `+1 555 01${String(index % 100).padStart(2, '0')}`,
        email: `${given.toLowerCase()}.${family.toLowerCase()}@example.test`,
        insurerId: `INS-${1000 + index}`,
      },
      arrival: { at: arrival.toISOString(), mode: spec.mode ?? 'walk-in' },
      complaint: { chiefComplaint: spec.complaint, history: spec.history ?? '' },
      vitals: { ...normal.vitals, ...spec.vitals },
      pain: spec.pain === undefined ? 0 : spec.pain,
      pregnancy: spec.pregnancy ?? (sex === 'female' && years >= 12 && years <= 55 ? 'not-pregnant' : 'not-applicable'),
    },
  };
}

/** A case as written in the case files: id, label, tags, the handbook's reasoning, the encounter. */
export type CaseRow = readonly [id: string, esi: EsiLevel, tags: readonly ValidationTag[], why: string, spec: CaseSpec];
