import { US_JURISDICTIONS } from '@baton/loan-underwriting-contracts';
import { isLicensedIn, LICENSED_JURISDICTIONS } from './licensed-jurisdictions';

describe('licensed jurisdictions', () => {
  it.each([
    ['NY', false],
    ['VT', false],
    ['CA', true],
    ['DC', true],
    ['TX', true],
    ['ca', false],
    ['PR', false],
  ])('given %s, when asked whether it is licensed, then the answer is %p', (jurisdiction, expected) => {
    expect(isLicensedIn(jurisdiction)).toBe(expected);
  });

  it('given the 51 US jurisdictions, then every one but NY and VT is licensed', () => {
    expect(LICENSED_JURISDICTIONS).toHaveLength(49);
    expect(US_JURISDICTIONS.filter((code) => !isLicensedIn(code))).toEqual(['NY', 'VT']);
  });
});
