import {
  CreditReportRequested,
  CreditReportReturned,
  IncomeVerificationRequested,
  IncomeVerified,
  KycChecked,
  KycCheckRequested,
  SanctionsScreened,
  SanctionsScreenRequested,
} from '@baton/loan-underwriting-contracts';
import { stepsFor } from '@baton/orchestration';
import { LoanState } from './loan-state';

// The four outside checks of underwriting as calls without a `next`: versions 1 and 2 chain them
// one after another, version 3 runs identity with sanctions and bureau with income as parallel
// branches. Each folds into its own key of the state only, as a branch must.
const step = stepsFor<LoanState>();
const meta = (s: LoanState) => ({ applicationId: s.request.applicationId });
const applicant = (s: LoanState) => s.request.application.applicant;

/** Identity (KYC): folds into `kyc`. */
export const kycCall = step.branch.agent({
  pattern: KycCheckRequested.type,
  request: KycCheckRequested,
  reply: KycChecked,
  input: (s) => ({
    ...meta(s),
    firstName: applicant(s).firstName,
    lastName: applicant(s).lastName,
    dateOfBirth: applicant(s).dateOfBirth,
    ssn: applicant(s).ssn,
  }),
  fold: (s, reply) => ({ ...s, kyc: { status: reply.status, reference: reply.reference } }),
  retry: { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 },
  timeoutMs: 30_000,
});

/** Sanctions screening: folds into `sanctions`. */
export const sanctionsCall = step.branch.agent({
  pattern: SanctionsScreenRequested.type,
  request: SanctionsScreenRequested,
  reply: SanctionsScreened,
  input: (s) => ({
    ...meta(s),
    fullName: `${applicant(s).firstName} ${applicant(s).lastName}`,
    dateOfBirth: applicant(s).dateOfBirth,
    jurisdiction: applicant(s).jurisdiction,
  }),
  fold: (s, reply) => ({ ...s, sanctions: { match: reply.match, list: reply.list, reference: reply.reference } }),
  retry: { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 },
  timeoutMs: 30_000,
});

/** The credit bureau pull: folds into `credit`. A bureau outage is waited out behind its breaker. */
export const bureauCall = step.branch.agent({
  pattern: CreditReportRequested.type,
  request: CreditReportRequested,
  reply: CreditReportReturned,
  input: (s) => ({
    ...meta(s),
    ssn: applicant(s).ssn,
    lastName: applicant(s).lastName,
    dateOfBirth: applicant(s).dateOfBirth,
  }),
  fold: (s, reply) => ({
    ...s,
    credit: {
      score: reply.score,
      openTradelines: reply.openTradelines,
      delinquencies: reply.delinquencies,
      utilization: reply.utilization,
      reference: reply.reference,
    },
  }),
  // A bureau outage: the breaker refuses calls, the run backs off and waits it out.
  retry: { maxAttempts: 12, initialDelayMs: 250, maxDelayMs: 5_000 },
  timeoutMs: 30_000,
});

/** Income verification: folds into `income`. */
export const incomeCall = step.branch.agent({
  pattern: IncomeVerificationRequested.type,
  request: IncomeVerificationRequested,
  reply: IncomeVerified,
  input: (s) => ({
    ...meta(s),
    employmentStatus: applicant(s).employmentStatus,
    statedAnnualIncome: applicant(s).annualIncome,
  }),
  fold: (s, reply) => ({
    ...s,
    income: {
      verifiedAnnualIncome: reply.verifiedAnnualIncome,
      source: reply.source,
      reference: reply.reference,
    },
  }),
  retry: { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 },
  timeoutMs: 30_000,
});
