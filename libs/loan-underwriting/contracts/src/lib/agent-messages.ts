import { z } from 'zod';
import { defineMessage } from '@baton/contracts';
import { CalendarDate, EmploymentStatus, Jurisdiction } from './application';

const ApplicationId = z.string().min(1).max(100);
const Reference = z.string().min(1).max(100);

/** Identity verification (KYC) of the applicant. */
export const KycCheckRequested = defineMessage(
  'loan.kyc.check-requested',
  1,
  z.strictObject({
    applicationId: ApplicationId,
    firstName: z.string(),
    lastName: z.string(),
    dateOfBirth: CalendarDate,
    ssn: z.string(),
  }),
);
export const KycChecked = defineMessage(
  'loan.kyc.checked',
  1,
  z.strictObject({ applicationId: ApplicationId, status: z.enum(['verified', 'failed']), reference: Reference }),
);

/** Sanctions screening (OFAC-style lists) of the applicant. */
export const SanctionsScreenRequested = defineMessage(
  'loan.sanctions.screen-requested',
  1,
  z.strictObject({
    applicationId: ApplicationId,
    fullName: z.string(),
    dateOfBirth: CalendarDate,
    jurisdiction: Jurisdiction,
  }),
);
export const SanctionsScreened = defineMessage(
  'loan.sanctions.screened',
  1,
  z.strictObject({
    applicationId: ApplicationId,
    match: z.boolean(),
    list: z.string().nullable(),
    reference: Reference,
  }),
);

/** A credit bureau pull. The bureau bills each pull once per idempotency key. */
export const CreditReportRequested = defineMessage(
  'loan.credit.report-requested',
  1,
  z.strictObject({ applicationId: ApplicationId, ssn: z.string(), lastName: z.string(), dateOfBirth: CalendarDate }),
);
export const CreditReportReturned = defineMessage(
  'loan.credit.report-returned',
  1,
  z.strictObject({
    applicationId: ApplicationId,
    score: z.int().min(300).max(850),
    openTradelines: z.int().nonnegative(),
    delinquencies: z.int().nonnegative(),
    utilization: z.number().min(0).max(1),
    reference: Reference,
  }),
);

/** Income verification against payroll or tax records. */
export const IncomeVerificationRequested = defineMessage(
  'loan.income.verification-requested',
  1,
  z.strictObject({
    applicationId: ApplicationId,
    employmentStatus: EmploymentStatus,
    statedAnnualIncome: z.number().nonnegative(),
  }),
);
export const IncomeVerified = defineMessage(
  'loan.income.verified',
  1,
  z.strictObject({
    applicationId: ApplicationId,
    verifiedAnnualIncome: z.number().nonnegative(),
    source: z.enum(['payroll', 'tax_records', 'none']),
    reference: Reference,
  }),
);

/** Every agent command and reply of the vertical. */
export const loanAgentMessages = [
  KycCheckRequested,
  KycChecked,
  SanctionsScreenRequested,
  SanctionsScreened,
  CreditReportRequested,
  CreditReportReturned,
  IncomeVerificationRequested,
  IncomeVerified,
] as const;
