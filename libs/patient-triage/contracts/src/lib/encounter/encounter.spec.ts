import { jsonIncompatibility } from '@baton/contracts';
import { esiAssessmentSchema } from '../esi/esi-assessment';
import { triageInputSchema } from '../esi/triage-input';
import { encounterSchema } from './encounter';
import { parseEncounter } from './parse-encounter';

const valid = () => ({
  encounterId: 'enc-1',
  registration: {
    name: { given: 'Ada', family: 'Example' },
    mrn: 'MRN-0001',
    dateOfBirth: '1980-05-17',
    sex: 'female',
    address: {
      line1: '1 Test Street',
      line2: null,
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      country: 'US',
    },
    phone: '+1 555 010 0000',
    email: 'ada@example.test',
    insurerId: 'INS-1234',
  },
  arrival: { at: '2026-12-07T22:00:00Z', mode: 'walk-in' },
  complaint: { chiefComplaint: 'sore throat for two days', history: '' },
  vitals: {
    heartRate: 80,
    systolic: 120,
    diastolic: 80,
    respiratoryRate: 16,
    spo2: 98,
    temperatureC: 37,
    gcs: 15,
    avpu: 'alert',
  },
  pain: 2,
  pregnancy: 'not-pregnant',
});

function issuesOf(value: unknown) {
  const result = parseEncounter(value);
  if (result.ok) throw new Error('expected a violation');
  return result.error.issues.map(({ path, rule }) => ({ path, rule }));
}

describe('the encounter contract', () => {
  it('accepts a complete encounter and exports to JSON Schema (JSON-only)', () => {
    expect(parseEncounter(valid()).ok).toBe(true);
    expect(jsonIncompatibility(encounterSchema)).toBeNull();
  });

  it('takes null for a vital that could not be taken, but not a missing key', () => {
    const noSpo2 = { ...valid(), vitals: { ...valid().vitals, spo2: null } };
    expect(parseEncounter(noSpo2).ok).toBe(true);
    const { spo2: _dropped, ...vitals } = valid().vitals;
    expect(issuesOf({ ...valid(), vitals })).toEqual([{ path: 'vitals.spo2', rule: 'invalid_type' }]);
  });

  it.each([
    ['SpO2 120', { spo2: 120 }, 'vitals.spo2', 'too_big'],
    ['temperature 60', { temperatureC: 60 }, 'vitals.temperatureC', 'too_big'],
    ['heart rate 0 in a walk-in', { heartRate: 0 }, 'vitals.heartRate', 'walk_in_has_pulse'],
    ['respiratory rate 0 in a walk-in', { respiratoryRate: 0 }, 'vitals.respiratoryRate', 'walk_in_breathes'],
    ['diastolic above systolic', { systolic: 90, diastolic: 110 }, 'vitals.diastolic', 'diastolic_below_systolic'],
    ['GCS 2', { gcs: 2 }, 'vitals.gcs', 'too_small'],
    ['negative heart rate', { heartRate: -4 }, 'vitals.heartRate', 'too_small'],
  ])('rejects %s, naming the field and the rule', (_name, change, path, rule) => {
    expect(issuesOf({ ...valid(), vitals: { ...valid().vitals, ...change } })).toEqual([{ path, rule }]);
  });

  it('accepts heart rate 0 from an ambulance (a pulseless patient exists)', () => {
    const arrest = {
      ...valid(),
      arrival: { ...valid().arrival, mode: 'ambulance' },
      vitals: { ...valid().vitals, heartRate: 0 },
    };
    expect(parseEncounter(arrest).ok).toBe(true);
  });

  it('rejects pain 11, a date of birth after arrival, a 30 February and unknown keys at any level', () => {
    expect(issuesOf({ ...valid(), pain: 11 })).toEqual([{ path: 'pain', rule: 'too_big' }]);
    const future = { ...valid(), registration: { ...valid().registration, dateOfBirth: '2027-01-01' } };
    expect(issuesOf(future)).toEqual([{ path: 'registration.dateOfBirth', rule: 'born_before_arrival' }]);
    const unreal = { ...valid(), registration: { ...valid().registration, dateOfBirth: '1990-02-30' } };
    expect(issuesOf(unreal)).toEqual([{ path: 'registration.dateOfBirth', rule: 'real_calendar_date' }]);
    const extraDeep = {
      ...valid(),
      registration: { ...valid().registration, name: { given: 'A', family: 'B', nick: 'x' } },
    };
    expect(issuesOf(extraDeep)).toEqual([{ path: 'registration.name.nick', rule: 'unrecognized_keys' }]);
    expect(issuesOf({ ...valid(), vitals: { ...valid().vitals, bloodSugar: 5 } })).toEqual([
      { path: 'vitals.bloodSugar', rule: 'unrecognized_keys' },
    ]);
  });
});

describe('the triage input and ESI assessment contracts', () => {
  it('are JSON-only, so they export to JSON Schema like every message', () => {
    expect(jsonIncompatibility(triageInputSchema)).toBeNull();
    expect(jsonIncompatibility(esiAssessmentSchema)).toBeNull();
  });
});
