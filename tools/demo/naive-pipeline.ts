import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TokenUsage } from '@baton/contracts';
import type { JsonObject } from '@baton/llm';
import type { LoanApplication, RiskAssessment } from '@baton/loan-underwriting-contracts';
import {
  complianceFacts,
  debtToIncome,
  NO_INCOME_RATIO,
  roundRatio,
  scoreApplication,
} from '@baton/loan-underwriting-domain';
import {
  COMPLIANCE_INTENT,
  creditFile,
  incomeRecord,
  kycVerifies,
  loanDeterministicRules,
  loanVertical,
  loanRiskOutput,
  loanRiskPrompt,
  outsideLatencyMs,
  OutsideSystem,
  OutsideSystemsConfig,
  sanctionsHit,
} from '@baton/loan-underwriting-feature';

import { CompiledPolicy, evaluateIntent, PolicySet } from '@baton/policy';
import { inLanes } from './in-lanes';
import { naiveGateway, selfIssuedPermit } from './naive-gateway';

const OUTSIDE_ORDER: readonly OutsideSystem[] = ['kyc', 'sanctions', 'bureau', 'income'];

/** One application through the naive pipeline: where it ended, how long it took, what the model was sent. */
export interface NaiveOutcome {
  readonly index: number;
  readonly applicationId: string;
  readonly outcome: 'approved' | 'declined' | 'referred';
  readonly decidedBy: 'policy' | 'scorecard' | 'underwriter';
  readonly latencyMs: number;
  readonly usage: TokenUsage;
  /** The model call's own latency, as the gateway recorded it. */
  readonly modelMs: number;
  /** The model's input held the applicant's SSN, name and date of birth. */
  readonly personalDataSent: boolean;
}

export interface NaiveRun {
  readonly outcomes: readonly NaiveOutcome[];
  readonly wallMs: number;
}

export interface NaiveApplication {
  readonly index: number;
  /** The id Baton's run gave the same application: income verification draws from it, so both see the same records. */
  readonly applicationId: string;
  readonly application: LoanApplication;
}

/**
 * The comparison's naive model-first pipeline, in this process: for every application, pull the
 * outside records, call the model on the whole application (personal data and free text
 * included), and only then apply the compliance policy and the scorecard. Same model, prompt,
 * policy documents and scorecard as Baton's workflow; no gate, no redaction, and no durable
 * state, bus or HTTP (so it pays nothing for infrastructure: any time it loses is the model's).
 * `concurrency` applications are in flight at once, as in Baton's run.
 */
export async function runNaivePipeline(
  applications: readonly NaiveApplication[],
  options: {
    readonly seed: number;
    readonly latencyMs: number;
    readonly concurrency: number;
    /** The simulated outside systems: their latencies are paid one after another, as a script would. */
    readonly outside?: OutsideSystemsConfig;
  },
): Promise<NaiveRun> {
  const sentPersonalData = new Set<string>();
  const rules = loanDeterministicRules((data) => {
    const applicant = (data['application'] as { applicant?: Record<string, unknown> } | undefined)?.applicant ?? {};
    if (
      typeof applicant['ssn'] === 'string' &&
      /^\d{3}-\d{2}-\d{4}$/.test(applicant['ssn']) &&
      typeof applicant['dateOfBirth'] === 'string'
    )
      sentPersonalData.add(applicant['ssn']);
  });
  const gateway = await naiveGateway(rules, options.latencyMs);
  const policies = PolicySet.of(loanVertical.policies.map((document) => CompiledPolicy.compile(document)));

  const underwrite = async ({ index, applicationId, application }: NaiveApplication): Promise<NaiveOutcome> => {
    const started = performance.now();
    const receivedAt = new Date().toISOString();
    const { applicant } = application;
    const dti = debtToIncome(applicant.monthlyDebt, applicant.annualIncome);
    // A script asks the outside systems one after another, then the model: it waits for each.
    for (const system of OUTSIDE_ORDER) {
      const waitMs = options.outside ? outsideLatencyMs(options.outside, system, applicationId) : 0;
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    const credit = creditFile(options.seed, applicant.ssn);
    const income = incomeRecord(options.seed, applicationId, applicant.employmentStatus, applicant.annualIncome);
    const variables: JsonObject = {
      application: application as unknown as JsonObject,
      // JSON has no Infinity: no income reads as the policy's sentinel ratio (Baton never asks the model about such an application).
      findings: {
        debtToIncome: roundRatio(Math.min(dti, NO_INCOME_RATIO)),
        creditScore: credit.score,
        delinquencies: credit.delinquencies,
        utilization: credit.utilization,
        verifiedAnnualIncome: income.verifiedAnnualIncome,
        incomeSource: income.source,
      },
    };
    const runId = `naive-${index}-${randomUUID()}`;
    const answer = await gateway.invoke<RiskAssessment>({
      runId,
      stepId: 'assess',
      tenantId: 'naive',
      permit: selfIssuedPermit(runId, 'assess', variables),
      prompt: loanRiskPrompt,
      variables,
      output: loanRiskOutput,
    });
    const facts = complianceFacts(
      { applicationId, subjectId: `naive-${index}`, receivedAt, application },
      {
        kycVerified: kycVerifies(applicant.ssn),
        sanctionsMatch: sanctionsHit(`${applicant.firstName} ${applicant.lastName}`, applicant.dateOfBirth) !== null,
      },
    );
    const { decision } = await evaluateIntent(policies, {
      intent: COMPLIANCE_INTENT,
      context: facts,
      decisionId: randomUUID(),
      at: receivedAt,
    });
    const done = (outcome: NaiveOutcome['outcome'], decidedBy: NaiveOutcome['decidedBy']): NaiveOutcome => ({
      index,
      applicationId,
      outcome,
      decidedBy,
      latencyMs: performance.now() - started,
      usage: answer.result.usage,
      modelMs: answer.result.latencyMs,
      personalDataSent: sentPersonalData.has(applicant.ssn),
    });
    if (decision.effect === 'deny') return done('declined', 'policy');
    const card = scoreApplication({
      credit,
      income,
      statedAnnualIncome: applicant.annualIncome,
      dti,
      assessment: answer.output,
    });
    if (card.band === 'decline') return done('declined', 'scorecard');
    if (card.band === 'refer' || decision.effect === 'review') return done('referred', 'underwriter');
    return done('approved', 'scorecard');
  };

  // Warmed up like Baton's run (the token counter and the JIT), untimed and unreported.
  await inLanes(applications.slice(0, 2 * options.concurrency), options.concurrency, underwrite);
  const began = performance.now();
  const outcomes = await inLanes(applications, options.concurrency, underwrite);
  return { outcomes: outcomes.sort((a, b) => a.index - b.index), wallMs: performance.now() - began };
}
