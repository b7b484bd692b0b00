import { isTriageDomainError } from '../triage-domain-error';
import { ageAtArrival } from './age-at-arrival';

describe('ageAtArrival', () => {
  it.each([
    ['2026-12-07', '2026-12-07T22:00:00Z', { years: 0, days: 0 }],
    ['2026-11-09', '2026-12-07T22:00:00Z', { years: 0, days: 28 }],
    ['2026-09-08', '2026-12-07T00:00:00Z', { years: 0, days: 90 }],
    ['2023-12-08', '2026-12-07T23:59:59Z', { years: 2, days: 1095 }],
    ['2023-12-07', '2026-12-07T00:00:00Z', { years: 3, days: null }],
    ['1980-05-17', '2026-12-07T22:00:00Z', { years: 46, days: null }],
  ])('born %s, arrived %s: %j', (born, arrived, expected) => {
    expect(ageAtArrival(born, arrived)).toEqual(expected);
  });

  it('refuses a birth after arrival and dates that do not exist', () => {
    for (const [born, arrived] of [
      ['2026-12-08', '2026-12-07T22:00:00Z'],
      ['2025-02-29', '2026-12-07T22:00:00Z'],
      ['2020-01-01', 'yesterday'],
    ] as const) {
      expect(() => ageAtArrival(born, arrived)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
      try {
        ageAtArrival(born, arrived);
      } catch (error) {
        expect(isTriageDomainError(error, 'INVALID_DATE')).toBe(true);
      }
    }
  });
});
