import { parseEncounter } from '@baton/patient-triage-contracts';
import { scrubComplaint } from '../phi/encounter-phi';
import { rulesOnlyDecision } from '../validation/rules-only-decision';
import { TRIAGE_VALIDATION_SET } from '../validation/validation-set';
import { ARRIVAL_MIX, HARD_CASE_TAGS, syntheticArrivals } from './synthetic-arrivals';

describe('syntheticArrivals', () => {
  const arrivals = syntheticArrivals({ seed: 42 });
  const share = (level: number) => arrivals.filter((arrival) => arrival.expectedEsi === level).length / arrivals.length;

  it("draws 200 arrivals in a department's mix by default", () => {
    expect(arrivals).toHaveLength(200);
    expect([1, 2, 3, 4, 5].map((level) => arrivals.filter((a) => a.expectedEsi === level).length)).toEqual([
      2, 58, 80, 36, 24,
    ]);
    expect(share(1)).toBeCloseTo(0.01, 5);
    expect(share(2)).toBeGreaterThanOrEqual(0.2);
    expect(share(2)).toBeLessThanOrEqual(0.3);
    expect(share(3)).toBeCloseTo(ARRIVAL_MIX[3], 5);
    expect(share(4) + share(5)).toBeGreaterThanOrEqual(0.2);
    expect(share(4) + share(5)).toBeLessThanOrEqual(0.3);
  });

  it('is the same stream for the same seed and another for another seed', () => {
    expect(syntheticArrivals({ seed: 42 })).toEqual(arrivals);
    const other = syntheticArrivals({ seed: 7 });
    expect(other.map((a) => a.caseId)).not.toEqual(arrivals.map((a) => a.caseId));
    expect(other.map((a) => a.identity.given)).not.toEqual(arrivals.map((a) => a.identity.given));
  });

  it("draws on the validation set's cases, hard ones among them, each keeping its label and its rules level", () => {
    const byId = new Map(TRIAGE_VALIDATION_SET.map((item) => [item.id, item]));
    for (const arrival of arrivals) {
      const source = byId.get(arrival.caseId);
      expect({ id: arrival.caseId, esi: source?.esi }).toEqual({ id: arrival.caseId, esi: arrival.expectedEsi });
      // A new identity, arrival time and typed identifiers leave the rules' reading unchanged.
      expect({ id: arrival.caseId, level: rulesOnlyDecision(arrival.encounter).level }).toEqual({
        id: arrival.caseId,
        level: rulesOnlyDecision(source?.encounter as never).level,
      });
    }
    for (const tag of HARD_CASE_TAGS)
      expect({ tag, present: arrivals.some((a) => a.hard.includes(tag)) }).toEqual({ tag, present: true });
    expect(arrivals.filter((a) => a.hard.length > 0).length).toBeGreaterThan(40);
    expect(new Set(arrivals.map((a) => a.caseId)).size).toBeGreaterThan(100);
  });

  it('gives every arrival a fresh, obviously made-up identity that parses as the contract', () => {
    const validationNames = new Set(TRIAGE_VALIDATION_SET.map((item) => item.encounter.registration.name.family));
    expect(new Set(arrivals.map((a) => a.identity.mrn)).size).toBe(arrivals.length);
    expect(new Set(arrivals.map((a) => a.encounter.encounterId)).size).toBe(arrivals.length);
    for (const arrival of arrivals) {
      expect(parseEncounter(arrival.encounter).ok).toBe(true);
      expect(arrival.identity.mrn).toMatch(/^DEMO-\d{7,}$/);
      expect(arrival.identity.phone).toMatch(/^\+1 555 01\d{2} \d{4}$/);
      expect(validationNames.has(arrival.identity.family)).toBe(false);
      expect(arrival.encounter.registration.mrn).toBe(arrival.identity.mrn);
      if (arrival.identityInText) expect(arrival.encounter.complaint.history).toContain(arrival.identity.mrn);
    }
    expect(arrivals.filter((a) => a.identityInText).length).toBeGreaterThanOrEqual(50);
  });

  it('types identifiers the scrubbing replaces, so a PHI scan of the prompts has something to find', () => {
    for (const arrival of arrivals.filter((a) => a.identityInText)) {
      const scrubbed = scrubComplaint(arrival.encounter);
      const { given, family, mrn, phone } = arrival.identity;
      for (const value of [given, family, mrn, phone])
        expect({ value, found: `${scrubbed.chiefComplaint} ${scrubbed.history}`.includes(value) }).toEqual({
          value,
          found: false,
        });
    }
  });

  it('keeps a short stream mixed, with hard cases, and refuses a size out of range', () => {
    const short = syntheticArrivals({ seed: 42, size: 24 });
    expect(short).toHaveLength(24);
    expect(short.filter((a) => a.expectedEsi <= 2).length).toBeGreaterThanOrEqual(6);
    expect(short.filter((a) => a.hard.length > 0).length).toBeGreaterThanOrEqual(8);
    expect(() => syntheticArrivals({ seed: 1, size: 0 })).toThrow(RangeError);
  });
});
