import { LLM_INVOKE_INTENT, PolicyDecision } from '@baton/contracts';
import {
  APPLICANT_PERSONAL_FIELDS,
  LoanApplication,
  LoanDecided,
  REASON_CODES,
  ReasonCode,
  RiskAssessment,
  UnderwriterReview,
} from '@baton/loan-underwriting-contracts';
import {
  complianceFacts,
  debtToIncome,
  expiredReview,
  policyDenial,
  reasonFor,
  reviewOutcome,
  scoreApplication,
} from '@baton/loan-underwriting-domain';
import { Step, stepsFor, Transition } from '@baton/orchestration';
import { loanRiskOutput, loanRiskPrompt } from '../prompts/loan-risk.prompt';
import { LoanState } from './loan-state';
import { bureauCall, incomeCall, kycCall, sanctionsCall } from './outside-checks';

export const COMPLIANCE_INTENT = 'loan.compliance';
export const OUTPUT_ACCEPT_INTENT = 'llm.output.accept';
export const REVIEW_SIGNAL = 'underwriter.review';

export interface UnderwritingOptions {
  /** How long a referred application waits for an underwriter before it is declined (`REVIEW_EXPIRED`). */
  readonly reviewTimeoutMs: number;
  /** The model the gateway is configured with: the gate judges its provider, `LoanDecided` names it. */
  readonly model: { readonly provider: string; readonly name: string };
}

/** What the scorecard uses when there is no acceptable model answer: the features' neutral values. */
export const NEUTRAL_ASSESSMENT: RiskAssessment = {
  incomeStability: 'variable',
  purposeRisk: 'medium',
  repaymentCapacity: 'adequate',
  rationale: 'no model assessment',
};

const step = stepsFor<LoanState>();
/** A policy store that is briefly unreachable is retried, never mistaken for a decision. */
const POLICY_RETRY = { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 };
const KNOWN_REASONS = new Set<string>(REASON_CODES);
const applicant = (s: LoanState) => s.request.application.applicant;
const dtiOf = (s: LoanState) => debtToIncome(applicant(s).monthlyDebt, applicant(s).annualIncome);
const decided = (s: LoanState, decision: NonNullable<LoanState['decision']>): LoanState => ({ ...s, decision });
/**
 * The compliance policy's denial as the decision. A denial that names no reason code of the
 * vertical (the policy's `NO_RULE_MATCHED` when facts were missing) still declines: the known
 * codes it did name, if any, are the reasons.
 */
function denialOf(codes: readonly string[]) {
  const denial = policyDenial(codes);
  if (denial.ok) return denial.verdict;
  const known = codes.filter((code) => KNOWN_REASONS.has(code)).map((code) => reasonFor(code as ReasonCode, null));
  return { outcome: 'declined' as const, decidedBy: 'policy' as const, reasons: known };
}

/** The application as a policy may see and record it: personal fields withheld, free text dropped. */
export function withoutPersonalData(application: LoanApplication): Omit<LoanApplication, 'notes'> {
  const applicant = { ...application.applicant };
  for (const field of APPLICANT_PERSONAL_FIELDS) applicant[field.slice('applicant.'.length) as 'ssn'] = WITHHELD;
  return { applicant, loan: application.loan };
}
const WITHHELD = '[withheld]';

/**
 * The underwriting steps, shared by every version of the workflow: identity and sanctions checks,
 * then the compliance policy (denials end the run here, before any bureau pull or model call), the
 * credit bureau and income verification, the model gate (redactions as obligations), the model's
 * bounded risk features, an output guard, the deterministic scorecard, and for borderline cases a
 * durable wait for an underwriter that expires with `REVIEW_EXPIRED`. `LoanDecided` carries the
 * adverse-action reasons.
 *
 * Versions differ only in `afterScore`, where the `score` step goes next, and in `checks`: versions 1
 * and 2 make the four outside calls one after another, version 3 runs identity with sanctions and
 * bureau with income as parallel branches (the same calls, folding into the same keys). A new
 * version cannot drift from the old ones anywhere else. Internal to the workflow folder: the library exports the
 * versioned definitions, not this map.
 *
 * @example
 * defineWorkflow({ id: 'loan.underwrite', version: 2, ..., steps: underwritingSteps(options, AFTER_SCORE_V2) });
 */
export function underwritingSteps(
  options: UnderwritingOptions,
  afterScore: Transition<LoanState>,
  checks: 'sequential' | 'parallel' = 'sequential',
): Readonly<Record<string, Step<LoanState>>> {
  const outside: Record<string, Step<LoanState>> = checks === 'parallel'
    ? {
        identity: step.parallel({
          join: 'all',
          branches: { kyc: { into: 'kyc', step: kycCall }, sanctions: { into: 'sanctions', step: sanctionsCall } },
          next: 'compliance',
        }),
        financials: step.parallel({
          join: 'all',
          branches: { bureau: { into: 'credit', step: bureauCall }, income: { into: 'income', step: incomeCall } },
          next: 'gate',
        }),
      }
    : {
        kyc: step.agent({ ...kycCall, next: 'sanctions' }),
        sanctions: step.agent({ ...sanctionsCall, next: 'compliance' }),
        bureau: step.agent({ ...bureauCall, next: 'income' }),
        income: step.agent({ ...incomeCall, next: 'gate' }),
      };
  const afterCompliance = checks === 'parallel' ? 'financials' : 'bureau';
  return {
    ...outside,
    compliance: step.policy({
      intent: COMPLIANCE_INTENT,
      context: (s) =>
        complianceFacts(s.request, {
          kycVerified: s.kyc?.status === 'verified',
          sanctionsMatch: s.sanctions?.match === true,
        }),
      fold: (s, decision: PolicyDecision) => ({
        ...s,
        compliance: {
          effect: decision.effect,
          reasons: decision.reasons.map((reason) => reason.code),
          policyVersion: `${decision.policyId}@${decision.policyVersion}`,
        },
      }),
      retry: POLICY_RETRY,
      next: { allow: afterCompliance, review: afterCompliance, deny: 'declineByPolicy' },
    }),
    gate: step.policy({
      intent: LLM_INVOKE_INTENT,
      permits: 'assess',
      // The decision's context is recorded in the audit trail: the application goes in without
      // its personal fields (which the obligations name anyway) and without its free text.
      context: (s) => ({
        compliance: { effect: s.compliance?.effect ?? 'deny' },
        model: { provider: options.model.provider },
        application: withoutPersonalData(s.request.application),
      }),
      retry: POLICY_RETRY,
      next: { allow: 'assess', deny: 'score', review: 'score' },
    }),
    assess: step.model({
      permit: 'gate',
      prompt: loanRiskPrompt,
      output: loanRiskOutput,
      input: (s) => ({
        application: s.request.application,
        findings: {
          debtToIncome: Math.round(dtiOf(s) * 10_000) / 10_000,
          creditScore: s.credit?.score ?? null,
          delinquencies: s.credit?.delinquencies ?? null,
          utilization: s.credit?.utilization ?? null,
          verifiedAnnualIncome: s.income?.verifiedAnnualIncome ?? null,
          incomeSource: s.income?.source ?? null,
        },
      }),
      fold: (s, output) => ({
        ...s,
        assessment: output,
        model: { provider: options.model.provider, name: options.model.name },
      }),
      retry: { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 5_000 },
      next: 'guard',
    }),
    guard: step.policy({
      intent: OUTPUT_ACCEPT_INTENT,
      context: (s) => ({ output: s.assessment }),
      // A rejected answer is dropped: the scorecard decides on hard data with neutral features.
      fold: (s, decision: PolicyDecision) =>
        decision.effect === 'allow' ? s : { ...s, assessment: null, assessmentRejected: true },
      retry: POLICY_RETRY,
      next: { allow: 'score', deny: 'score', review: 'score' },
    }),
    score: step.compute({
      run: (s) => {
        const card = scoreApplication({
          credit: s.credit ?? { score: 300, openTradelines: 0, delinquencies: 0, utilization: 1 },
          income: s.income ?? { verifiedAnnualIncome: 0, source: 'none' },
          statedAnnualIncome: applicant(s).annualIncome,
          dti: dtiOf(s),
          assessment: s.assessment ?? NEUTRAL_ASSESSMENT,
        });
        return { ...s, scorecard: { score: card.score, band: card.band, reasons: card.reasons } };
      },
      next: afterScore,
    }),
    awaitReview: step.signal({
      signal: REVIEW_SIGNAL,
      payload: UnderwriterReview,
      timeoutMs: options.reviewTimeoutMs,
      fold: (s, review) => ({ ...s, review }),
      next: { received: 'applyReview', timeout: 'expire' },
    }),
    approve: step.compute({
      run: (s) =>
        decided(s, {
          outcome: 'approved',
          decidedBy: 'scorecard',
          score: s.scorecard?.score ?? null,
          reasons: s.scorecard?.reasons ?? [],
        }),
      next: 'announce',
    }),
    decline: step.compute({
      run: (s) =>
        decided(s, {
          outcome: 'declined',
          decidedBy: 'scorecard',
          score: s.scorecard?.score ?? null,
          reasons: s.scorecard?.reasons ?? [],
        }),
      next: 'announce',
    }),
    applyReview: step.compute({
      run: (s) =>
        decided(s, {
          ...reviewOutcome(s.review ?? { outcome: 'decline' }, s.scorecard?.reasons ?? []),
          score: s.scorecard?.score ?? null,
        }),
      next: 'announce',
    }),
    expire: step.compute({
      run: (s) => decided(s, { ...expiredReview(s.scorecard?.reasons ?? []), score: s.scorecard?.score ?? null }),
      next: 'announce',
    }),
    declineByPolicy: step.compute({
      run: (s) => decided(s, { ...denialOf(s.compliance?.reasons ?? []), score: null }),
      next: 'announce',
    }),
    announce: step.emit({
      event: LoanDecided,
      payload: (s) => {
        const decision = s.decision as NonNullable<LoanState['decision']>;
        return {
          applicationId: s.request.applicationId,
          outcome: decision.outcome,
          decidedBy: decision.decidedBy,
          score: decision.score,
          reasons: decision.reasons,
          policyVersion: s.compliance?.policyVersion ?? null,
          model: s.assessment ? { provider: options.model.provider, name: options.model.name } : null,
        };
      },
      next: 'done',
    }),
    done: step.end({ outcome: 'completed' }),
  };
}
