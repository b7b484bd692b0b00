import { UnderwritingRequest } from '@baton/loan-underwriting-contracts';
import { debtToIncome } from '@baton/loan-underwriting-domain';
import { follow, Step, WorkflowDefinition, WorkflowRegistry } from '@baton/orchestration';
import { CompiledPolicy, decideIntent, PolicySet } from '@baton/policy';
import { loanApplication } from '../../../fixtures/applications';
import { loanVertical } from '../loan.vertical';
import { initialLoanState, LoanState } from './loan-state';
import {
  UNDERWRITING_WORKFLOW_ID,
  underwritingWorkflow,
  underwritingWorkflows,
  underwritingWorkflowV1,
  underwritingWorkflowV2,
  UnderwritingOptions,
} from './underwriting.workflow';

const options: UnderwritingOptions = {
  reviewTimeoutMs: 24 * 3_600_000,
  model: { provider: 'deterministic', name: 'deterministic-v1' },
};
const v1 = underwritingWorkflowV1(options);
const v2 = underwritingWorkflowV2(options);
const v3 = underwritingWorkflow(options);
const RECEIVED_AT = '2026-03-10T12:00:00.000Z';

/** A step of a definition, narrowed to its kind (fails the test if it is another kind). */
function stepOf<K extends Step<LoanState>['kind']>(
  definition: WorkflowDefinition,
  id: string,
  kind: K,
): Extract<Step<LoanState>, { kind: K }> {
  const step = definition.steps[id] as Step<LoanState> | undefined;
  expect(step?.kind).toBe(kind);
  return step as Extract<Step<LoanState>, { kind: K }>;
}

/** Where the engine goes after `score` (it resolves transitions with the same `follow`). */
const afterScore = (definition: WorkflowDefinition, state: LoanState) =>
  follow(stepOf(definition, 'score', 'compute').next, state);

/** A request whose applicant owes 4,000 a month on 120,000 a year: a debt-to-income ratio of exactly 40%. */
const fortyPercentDti: UnderwritingRequest = {
  applicationId: 'app-dti-40',
  subjectId: 'subj-dti-40',
  receivedAt: RECEIVED_AT,
  application: loanApplication({ applicant: { annualIncome: 120_000, monthlyDebt: 4_000 } }),
};

/** A state after the compliance and scorecard steps, with the given effect and band. */
function scored(effect: 'allow' | 'review', band: 'approve' | 'refer' | 'decline'): LoanState {
  return {
    ...initialLoanState(fortyPercentDti),
    compliance: { effect, reasons: [], policyVersion: 'loan-compliance@1' },
    scorecard: { score: 600, band, reasons: [] },
  };
}

/** A step as comparable data: functions by their source, since two builds never share closures. */
function shape(value: unknown): unknown {
  if (typeof value === 'function') return `fn ${String(value)}`;
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return value;
}

describe('loan underwriting: a compliance review reaches an underwriter (version 2)', () => {
  it('sends a 40% DTI application, which the shipped policy reviews, to an underwriter even when the scorecard declines', async () => {
    const { applicant } = fortyPercentDti.application;
    expect(debtToIncome(applicant.monthlyDebt, applicant.annualIncome)).toBe(0.4);

    // The run up to the scorecard, through v2's own steps and the policy as the worker seeds it.
    const policies = PolicySet.of(loanVertical.policies.map((document) => CompiledPolicy.compile(document)));
    const screened: LoanState = {
      ...initialLoanState(fortyPercentDti),
      kyc: { status: 'verified', reference: 'kyc-1' },
      sanctions: { match: false, list: null, reference: 'sanctions-1' },
    };
    const compliance = stepOf(v2, 'compliance', 'policy');
    const decision = await decideIntent(policies, {
      intent: compliance.intent,
      context: compliance.context(screened),
      decisionId: '00000000-0000-4000-8000-000000000000',
      at: RECEIVED_AT,
    });
    expect({ effect: decision.effect, reasons: decision.reasons.map((reason) => reason.code) }).toEqual({
      effect: 'review',
      reasons: ['DTI_REVIEW'],
    });
    expect(compliance.next.review).toBe('bureau');
    const reviewed = compliance.fold?.(screened, decision) as LoanState;

    // A weak credit file: the real scorecard declines.
    const weakCredit = { score: 540, openTradelines: 2, delinquencies: 3, utilization: 0.95, reference: 'bureau-1' };
    const withFindings: LoanState = {
      ...reviewed,
      credit: weakCredit,
      income: { verifiedAnnualIncome: 120_000, source: 'payroll', reference: 'income-1' },
    };
    const card = stepOf(v2, 'score', 'compute').run(withFindings);
    // The engine validates the state after every step: this one is a state a real run can hold.
    expect(LoanState.parse(card)).toEqual(card);
    expect(card.compliance?.effect).toBe('review');
    expect(card.scorecard?.band).toBe('decline');

    expect(afterScore(v2, card)).toBe('awaitReview');
    // The bug version 2 fixes, pinned so version 1 stays as runs in flight started on it.
    expect(stepOf(v1, 'score', 'compute').run(withFindings)).toEqual(card);
    expect(afterScore(v1, card)).toBe('decline');
  });

  it('routes a compliance review with a declining scorecard: v1 to decline, v2 to awaitReview', () => {
    expect(afterScore(v1, scored('review', 'decline'))).toBe('decline');
    expect(afterScore(v2, scored('review', 'decline'))).toBe('awaitReview');
  });

  it('sends every compliance review to an underwriter in v2, whatever the band', () => {
    for (const band of ['approve', 'refer', 'decline'] as const)
      expect({ band, to: afterScore(v2, scored('review', band)) }).toEqual({ band, to: 'awaitReview' });
    expect(afterScore(v1, scored('review', 'approve'))).toBe('awaitReview');
    expect(afterScore(v1, scored('review', 'refer'))).toBe('awaitReview');
  });

  it('routes a compliance allow by the band alone, the same in both versions', () => {
    const expected = { decline: 'decline', refer: 'awaitReview', approve: 'approve' } as const;
    for (const definition of [v1, v2])
      for (const band of ['decline', 'refer', 'approve'] as const)
        expect({ version: definition.version, band, to: afterScore(definition, scored('allow', band)) }).toEqual({
          version: definition.version,
          band,
          to: expected[band],
        });
  });

  it('differs between versions only in the version number and where the score step goes next', () => {
    expect(Object.keys(v2.steps)).toEqual(Object.keys(v1.steps));
    for (const id of Object.keys(v1.steps)) {
      if (id === 'score') continue;
      expect({ id, step: shape(v2.steps[id]) }).toEqual({ id, step: shape(v1.steps[id]) });
    }
    const { next: nextV1, ...scoreV1 } = stepOf(v1, 'score', 'compute');
    const { next: nextV2, ...scoreV2 } = stepOf(v2, 'score', 'compute');
    expect(shape(scoreV2)).toEqual(shape(scoreV1));
    expect(shape(nextV2)).not.toEqual(shape(nextV1));

    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(shape({ ...v2, steps: null, version: null })).toEqual(shape({ ...v1, steps: null, version: null }));
    expect(v2.id).toBe(UNDERWRITING_WORKFLOW_ID);
  });

  it('version 3 runs the same calls as version 2, identity with sanctions and bureau with income as parallel branches', () => {
    const identity = stepOf(v3, 'identity', 'parallel');
    const financials = stepOf(v3, 'financials', 'parallel');
    expect([v3.start, identity.join, identity.next, financials.join, financials.next]).toEqual([
      'identity',
      'all',
      'compliance',
      'all',
      'gate',
    ]);
    const branches = (step: typeof identity) =>
      Object.entries(step.branches).map(([name, branch]) => [name, branch.into, branch.step.kind]);
    expect(branches(identity)).toEqual([
      ['kyc', 'kyc', 'agent'],
      ['sanctions', 'sanctions', 'agent'],
    ]);
    expect(branches(financials)).toEqual([
      ['bureau', 'credit', 'agent'],
      ['income', 'income', 'agent'],
    ]);
    for (const [name, parallel] of [
      ['kyc', identity],
      ['sanctions', identity],
      ['bureau', financials],
      ['income', financials],
    ] as const) {
      const { next: _next, ...sequential } = stepOf(v2, name, 'agent');
      expect({ name, step: shape(parallel.branches[name]?.step) }).toEqual({ name, step: shape(sequential) });
    }
    // A policy denial still stops the run before the bureau and income are asked.
    expect(stepOf(v3, 'compliance', 'policy').next).toEqual({
      allow: 'financials',
      review: 'financials',
      deny: 'declineByPolicy',
    });
    for (const id of Object.keys(v2.steps).filter(
      (id) => !['kyc', 'sanctions', 'bureau', 'income', 'compliance'].includes(id),
    ))
      expect({ id, step: shape(v3.steps[id]) }).toEqual({ id, step: shape(v2.steps[id]) });
  });

  it('registers all three versions: new runs take version 3, runs on versions 1 and 2 still resolve', () => {
    const registry = new WorkflowRegistry().register(...underwritingWorkflows(options));
    expect(registry.latest(UNDERWRITING_WORKFLOW_ID).version).toBe(3);
    const first = registry.get(UNDERWRITING_WORKFLOW_ID, 1);
    expect(first.version).toBe(1);
    expect(afterScore(first, scored('review', 'decline'))).toBe('decline');
    expect(afterScore(registry.latest(UNDERWRITING_WORKFLOW_ID), scored('review', 'decline'))).toBe('awaitReview');
    expect(underwritingWorkflows(options).map((definition) => [definition.id, definition.version])).toEqual([
      [UNDERWRITING_WORKFLOW_ID, 1],
      [UNDERWRITING_WORKFLOW_ID, 2],
      [UNDERWRITING_WORKFLOW_ID, 3],
    ]);
  });

  it('refuses version 3 registered twice, as a caller registering both lists and the newest alone would', () => {
    expect(() =>
      new WorkflowRegistry().register(...underwritingWorkflows(options), underwritingWorkflow(options)),
    ).toThrow('loan.underwrite@v3 is registered twice');
  });
});
