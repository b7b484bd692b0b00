import { rulesOnlyDecision } from '@baton/patient-triage-feature';
import { triageArrivals, URGENT_EVERY, validationCasesByFloor } from './triage-workload';

describe("the triage bench's arrivals", () => {
  it('splits the validation set by the rules floor, with cases on both sides', () => {
    const { urgent, model } = validationCasesByFloor();
    expect(urgent.length).toBeGreaterThan(0);
    expect(model.length).toBeGreaterThan(0);
    expect(urgent.every((encounter) => rulesOnlyDecision(encounter).level <= 2)).toBe(true);
    expect(model.every((encounter) => rulesOnlyDecision(encounter).level >= 3)).toBe(true);
  });

  it('sends one ESI 1-2 case in four, each arrival with a fresh encounter id', () => {
    const next = triageArrivals('test');
    const arrivals = Array.from({ length: 40 }, () => next());
    const urgent = arrivals.filter((encounter) => rulesOnlyDecision(encounter).level <= 2);
    expect(urgent.length).toBe(40 / URGENT_EVERY);
    expect(new Set(arrivals.map((encounter) => encounter.encounterId)).size).toBe(40);
    expect(arrivals[0]?.encounterId).toBe('bench-test-0');
  });
});
