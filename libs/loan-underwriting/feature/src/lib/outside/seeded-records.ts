import type { EmploymentStatus } from '@baton/loan-underwriting-contracts';
import { seededDraw } from './outside-systems';

/**
 * The outside world's records, derived from the seed and the applicant's identifiers so a
 * portfolio replays exactly. SSNs with area 000, 666 or 9xx are never issued (SSA rules): KYC
 * fails them. The sanctions list is a fixed set of names, matched case-insensitively with the
 * date of birth.
 */
export const SANCTIONS_LIST: ReadonlyArray<{
  readonly fullName: string;
  readonly dateOfBirth: string;
  readonly list: string;
}> = [
  { fullName: 'Ivan Sanctionov', dateOfBirth: '1970-01-15', list: 'SDN' },
  { fullName: 'Maria Embargo', dateOfBirth: '1982-07-04', list: 'SDN' },
  { fullName: 'Viktor Blocked', dateOfBirth: '1965-11-30', list: 'EU-CONSOLIDATED' },
];

export function kycVerifies(ssn: string): boolean {
  const area = ssn.slice(0, 3);
  return area !== '000' && area !== '666' && !area.startsWith('9');
}

export function sanctionsHit(fullName: string, dateOfBirth: string): string | null {
  const name = fullName.trim().toLowerCase().replace(/\s+/g, ' ');
  return (
    SANCTIONS_LIST.find((entry) => entry.fullName.toLowerCase() === name && entry.dateOfBirth === dateOfBirth)?.list ??
    null
  );
}

/** A credit file: score 560 to 819, tradelines, delinquencies and utilization, all seeded by the SSN. */
export function creditFile(seed: number, ssn: string) {
  const draw = (what: string) => seededDraw(seed, `credit:${what}:${ssn}`);
  return {
    score: 560 + Math.floor(draw('score') * 260),
    openTradelines: 1 + Math.floor(draw('tradelines') * 12),
    delinquencies: draw('delinquent') < 0.8 ? 0 : 1 + Math.floor(draw('delinquencies') * 3),
    utilization: Math.round(draw('utilization') * 90) / 100,
  };
}

/** Payroll or tax records: the income they show for the stated income and employment. */
export function incomeRecord(
  seed: number,
  applicationId: string,
  employmentStatus: EmploymentStatus,
  statedAnnualIncome: number,
) {
  if (employmentStatus === 'unemployed' || employmentStatus === 'student')
    return { verifiedAnnualIncome: 0, source: 'none' as const };
  const draw = seededDraw(seed, `income:${applicationId}`);
  const ratio = employmentStatus === 'self_employed' ? 0.7 + draw * 0.3 : 0.9 + draw * 0.15;
  return {
    verifiedAnnualIncome: Math.round(statedAnnualIncome * ratio),
    source: employmentStatus === 'self_employed' ? ('tax_records' as const) : ('payroll' as const),
  };
}
