import { AGE_IN_BAND, CALM_VITALS, triageInput } from '../../../fixtures/triage-input';
import { ageBandOf } from './age-bands';
import { assessEsi } from './assess-esi';
import { HYPOTENSION_TABLE, hypotensionBelow } from './blood-pressure-table';
import { DANGER_ZONE_TABLE, SPO2_DANGER_BELOW } from './danger-zone-table';
import { PAEDIATRIC_FEVER_TABLE } from './paediatric-fever-table';

// A complaint that takes two resources (labs, ECG) and nothing else: it reaches decision point D.
const TWO_RESOURCES = 'palpitations';

describe('danger-zone vitals (decision point D), one test per row', () => {
  it.each(DANGER_ZONE_TABLE)('$band: HR > $heartRateAbove, RR > $respiratoryRateAbove', (row) => {
    const at = (vitals: object) => assessEsi(triageInput({ band: row.band, complaint: TWO_RESOURCES, vitals }));
    expect(ageBandOf(AGE_IN_BAND[row.band])).toBe(row.band);
    expect(at({}).level).toBe(3);
    expect(at({ heartRate: row.heartRateAbove }).level).toBe(3);
    expect(at({ heartRate: row.heartRateAbove + 1 })).toMatchObject({ level: 2, rule: 'D.danger-zone.heart-rate' });
    expect(at({ respiratoryRate: row.respiratoryRateAbove }).level).toBe(3);
    expect(at({ respiratoryRate: row.respiratoryRateAbove + 1 })).toMatchObject({
      level: 2,
      rule: 'D.danger-zone.respiratory-rate',
    });
    expect(at({ spo2: SPO2_DANGER_BELOW }).level).toBe(3);
    expect(at({ spo2: SPO2_DANGER_BELOW - 1 })).toMatchObject({ level: 2, rule: 'D.danger-zone.spo2' });
  });

  it('reads the band boundaries as 90 days, the 3rd birthday and the 9th birthday', () => {
    expect(ageBandOf({ years: 0, days: 89 })).toBe('under-3-months');
    expect(ageBandOf({ years: 0, days: 90 })).toBe('3-months-to-3-years');
    expect(ageBandOf({ years: 3, days: null })).toBe('3-to-8-years');
    expect(ageBandOf({ years: 8, days: null })).toBe('3-to-8-years');
    expect(ageBandOf({ years: 9, days: null })).toBe('over-8-years');
  });

  it('takes danger-zone vitals to ESI 2 even when the complaint alone needs no resource, and says why', () => {
    const downplayed = assessEsi(triageInput({ complaint: 'just a bit tired', vitals: { heartRate: 128 } }));
    expect(downplayed).toMatchObject({ level: 2, rule: 'D.danger-zone.heart-rate', needsNurseReview: true });
    expect(downplayed.reasons.map((r) => r.code)).toContain('DANGER_ZONE_IMPLIES_WORKUP');
  });
});

describe('hypotension for age, one test per row', () => {
  it.each([
    ['0-28 days', { years: 0, days: 10 }, 60],
    ['29 days-1 year', { years: 0, days: 200 }, 70],
    ['1-10 years', { years: 2, days: 800 }, 74],
    ['1-10 years', { years: 10, days: null }, 90],
    ['over 10 years', { years: 40, days: null }, 90],
  ])('%s (%j): systolic below %i', (ages, age, limit) => {
    expect(HYPOTENSION_TABLE.find((row) => row.applies(age))?.ages).toBe(ages);
    expect(hypotensionBelow(age)).toBe(limit);
    const band = ageBandOf(age);
    const at = (systolic: number) =>
      assessEsi(triageInput({ age, band, complaint: TWO_RESOURCES, vitals: { systolic, diastolic: 30 } }));
    expect(at(limit).level).toBe(3);
    expect(at(limit - 1)).toMatchObject({ level: 2, rule: 'D.hypotension-for-age' });
  });

  it('an adult systolic of 85 is hypotension; a toddler of 2 years at 85 is not', () => {
    const adult = triageInput({ complaint: TWO_RESOURCES, vitals: { systolic: 85, diastolic: 50 } });
    const toddler = triageInput({
      band: '3-months-to-3-years',
      age: { years: 2, days: 800 },
      complaint: TWO_RESOURCES,
      vitals: { systolic: 85, diastolic: 50 },
    });
    expect(assessEsi(adult).level).toBe(2);
    expect(assessEsi(toddler).level).toBe(3);
  });
});

describe('paediatric fever, one test per row', () => {
  const cases = [
    { rule: 'D.fever.under-29-days', age: { years: 0, days: 20 }, hot: 38.0, calm: 37.9, level: 2 },
    { rule: 'D.fever.29-to-89-days', age: { years: 0, days: 60 }, hot: 38.0, calm: 37.9, level: 2 },
    { rule: 'D.hypothermia.under-90-days', age: { years: 0, days: 60 }, hot: 36.4, calm: 36.5, level: 2 },
    { rule: 'D.fever.3-to-36-months', age: { years: 1, days: 400 }, hot: 39.1, calm: 39.0, level: 3 },
  ];
  it('covers every row of the table', () => {
    expect(cases.map((c) => c.rule)).toEqual(PAEDIATRIC_FEVER_TABLE.map((row) => row.rule));
  });
  it.each(cases)('$rule: $hot °C sets at least ESI $level, $calm °C does not', ({ rule, age, hot, calm, level }) => {
    const band = ageBandOf(age);
    // A fussy child with a runny nose: no resources, ESI 5 without the fever rule.
    const at = (temperatureC: number) =>
      assessEsi(triageInput({ age, band, complaint: 'runny nose', vitals: { ...CALM_VITALS[band], temperatureC } }));
    expect(at(calm).level).toBe(5);
    expect(at(hot)).toMatchObject({ level, rule, decisionPoint: 'D' });
  });
  it('does not apply the infant rules to a 4-year-old with 39.5 °C', () => {
    const child = triageInput({ band: '3-to-8-years', complaint: 'runny nose', vitals: { temperatureC: 39.5 } });
    expect(assessEsi(child).level).toBe(5);
  });
});
