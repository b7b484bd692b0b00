import { ageOn } from './age-on';
import { isLoanDomainError } from './loan-domain-error';

describe('ageOn', () => {
  it.each([
    ['the 18th birthday, first instant', '2008-11-24', '2026-11-24T00:00:00Z', 18],
    ['the 18th birthday, last instant', '2008-11-24', '2026-11-24T23:59:59.999Z', 18],
    ['the day before the 18th birthday', '2008-11-24', '2026-11-23T23:59:59Z', 17],
    ['an offset instant that is still the day before in UTC', '2008-11-24', '2026-11-24T01:00:00+02:00', 17],
    ['a later month of the same year', '1990-05-01', '2026-11-24T10:00:00Z', 36],
    ['an earlier month of the same year', '1990-12-31', '2026-11-24T10:00:00Z', 35],
    ['a 29 February birth on 28 February of a non-leap year', '2008-02-29', '2026-02-28T12:00:00Z', 17],
    ['a 29 February birth on 1 March of a non-leap year', '2008-02-29', '2026-03-01T00:00:00Z', 18],
    ['a 29 February birth on 29 February of a leap year', '2008-02-29', '2028-02-29T00:00:00Z', 20],
    ['a 29 February birth on 28 February of a leap year', '2008-02-29', '2028-02-28T23:59:59Z', 19],
  ])('given %s, when the age is taken, then it is the completed years', (_name, dateOfBirth, at, expected) => {
    expect(ageOn(dateOfBirth, at)).toBe(expected);
  });

  it.each([
    ['a date of birth that does not exist', '1990-02-30', '2026-11-24T10:00:00Z'],
    ['a malformed date of birth', '01/05/1990', '2026-11-24T10:00:00Z'],
    ['an instant that is not one', '1990-05-01', 'yesterday'],
  ])('given %s, when the age is taken, then it raises INVALID_DATE', (_name, dateOfBirth, at) => {
    let caught: unknown;
    try {
      ageOn(dateOfBirth, at);
    } catch (error) {
      caught = error;
    }
    expect(isLoanDomainError(caught, 'INVALID_DATE')).toBe(true);
  });
});
