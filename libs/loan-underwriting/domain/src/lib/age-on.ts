import { LoanDomainError } from './loan-domain-error';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Completed years of age at an instant, in UTC: the birthday itself counts (18 on the day).
 *
 * A 29 February birth turns a year older on 1 March in non-leap years (the common-law reading
 * used by most US statutes: the person has not completed the year until 28 February is over).
 * Month and day are compared as a pair, which gives that result without a special case.
 *
 * @throws {LoanDomainError} `INVALID_DATE` when either argument is malformed or not a real date.
 * @example
 * ageOn('2008-11-24', '2026-11-24T10:00:00Z'); // 18
 * ageOn('2008-02-29', '2026-02-28T23:59:59Z'); // 17
 */
export function ageOn(dateOfBirth: string, at: string): number {
  const born = parseCalendarDate(dateOfBirth);
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime()))
    throw new LoanDomainError('INVALID_DATE', `not an ISO instant: ${JSON.stringify(at)}`);
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() + 1;
  const day = instant.getUTCDate();
  const beforeBirthday = month < born.month || (month === born.month && day < born.day);
  return year - born.year - (beforeBirthday ? 1 : 0);
}

function parseCalendarDate(value: string): { year: number; month: number; day: number } {
  const match = CALENDAR_DATE.exec(value);
  const parsed = match ? new Date(`${value}T00:00:00Z`) : null;
  // Date rolls 1990-02-30 over to 1990-03-02: a real date is one that round-trips.
  if (!match || !parsed || Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(value)) {
    throw new LoanDomainError('INVALID_DATE', 'date of birth must be a real calendar date as YYYY-MM-DD');
  }
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}
