import type { AgeAtArrival } from '@baton/patient-triage-contracts';
import { TriageDomainError } from '../triage-domain-error';

const DAY_MS = 86_400_000;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Age at arrival, in UTC: completed years (the birthday counts), and completed days while under
 * 3 years, because the paediatric rules (fever under 28 days, danger zone under 3 months) are
 * written in days.
 *
 * @throws {TriageDomainError} `INVALID_DATE` for a malformed date or instant, or birth after arrival.
 * @example
 * ageAtArrival('2026-11-30', '2026-12-07T22:00:00Z'); // { years: 0, days: 7 }
 * ageAtArrival('1980-05-17', '2026-12-07T22:00:00Z'); // { years: 46, days: null }
 */
export function ageAtArrival(dateOfBirth: string, arrivedAt: string): AgeAtArrival {
  const match = CALENDAR_DATE.exec(dateOfBirth);
  const born = new Date(`${dateOfBirth}T00:00:00Z`);
  if (!match || Number.isNaN(born.getTime()) || !born.toISOString().startsWith(dateOfBirth))
    throw new TriageDomainError('INVALID_DATE', 'date of birth must be a real calendar date as YYYY-MM-DD');
  const arrived = new Date(arrivedAt);
  if (Number.isNaN(arrived.getTime()))
    throw new TriageDomainError('INVALID_DATE', `arrival is not an ISO instant: ${JSON.stringify(arrivedAt)}`);
  if (arrived.getTime() < born.getTime())
    throw new TriageDomainError('INVALID_DATE', 'date of birth is after the arrival');
  const month = arrived.getUTCMonth() + 1;
  const day = arrived.getUTCDate();
  const beforeBirthday = month < Number(match[2]) || (month === Number(match[2]) && day < Number(match[3]));
  const years = arrived.getUTCFullYear() - Number(match[1]) - (beforeBirthday ? 1 : 0);
  const days = Math.floor((arrived.getTime() - born.getTime()) / DAY_MS);
  return { years, days: years < 3 ? days : null };
}
