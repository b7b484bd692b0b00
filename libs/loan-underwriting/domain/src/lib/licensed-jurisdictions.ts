import { Jurisdiction, US_JURISDICTIONS } from '@baton/loan-underwriting-contracts';

/** Where the lender holds no licence to lend. */
const UNLICENSED: readonly Jurisdiction[] = ['NY', 'VT'];

/**
 * Every US state and DC the lender is licensed in: all of `US_JURISDICTIONS` but New York and Vermont.
 *
 * @example
 * LICENSED_JURISDICTIONS.includes('CA'); // true
 */
export const LICENSED_JURISDICTIONS: readonly Jurisdiction[] = US_JURISDICTIONS.filter(
  (code) => !UNLICENSED.includes(code),
);

/**
 * True when the lender may lend in the jurisdiction. Accepts any string, so an unknown or
 * lower-case code is simply not licensed.
 *
 * @example
 * isLicensedIn('NY'); // false
 */
export function isLicensedIn(jurisdiction: string): boolean {
  return (LICENSED_JURISDICTIONS as readonly string[]).includes(jurisdiction);
}
