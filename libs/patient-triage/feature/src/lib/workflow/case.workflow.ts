import { LLM_INVOKE_INTENT } from '@baton/contracts';
import {
  TriageCaseDecided,
  TriageCaseRequest,
  TriageLookupRequested,
  TriageLookupReturned,
  TriageReview,
} from '@baton/patient-triage-contracts';
import { decideCase, settleReferral } from '@baton/patient-triage-domain';
import { defineWorkflow, stepsFor } from '@baton/orchestration';
import { triageAssessOutput, triageAssessPrompt } from '../prompts/assess.prompt';
import { initialTriageCaseState, TriageCaseState } from './case-state';

export const TRIAGE_CASE_WORKFLOW_ID = 'triage.case';
export const TRIAGE_REVIEW_SIGNAL = 'triage.review';

export interface TriageCaseOptions {
  /** How long a referred case waits for a reviewer before it is rejected (`REVIEW_EXPIRED`). */
  readonly reviewTimeoutMs: number;
  /** The model the gateway is configured with: the gate judges its provider. */
  readonly model: { readonly provider: string; readonly name: string };
}

const step = stepsFor<TriageCaseState>();
/** A policy store that is briefly unreachable is retried, never mistaken for a decision. */
const POLICY_RETRY = { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * The sample workflow, one of each kind of step: the registry lookup (an agent), the policy gate
 * before the model, the model's bounded assessment, the domain's decision, a reviewer's signal
 * with a timeout for referred cases, and the `TriageCaseDecided` event. Replace it with your
 * own (docs/guides/new-vertical.md).
 *
 * @example const workflow = triageCaseWorkflow({ reviewTimeoutMs: 86_400_000, model: { provider: 'deterministic', name: 'deterministic-v1' } });
 */
export function triageCaseWorkflow(options: TriageCaseOptions) {
  return defineWorkflow({
    id: TRIAGE_CASE_WORKFLOW_ID,
    version: 1,
    input: TriageCaseRequest,
    state: TriageCaseState,
    initialState: initialTriageCaseState,
    start: 'lookup',
    signals: { [TRIAGE_REVIEW_SIGNAL]: TriageReview },
    steps: {
      lookup: step.agent({
        pattern: TriageLookupRequested.type,
        request: TriageLookupRequested,
        reply: TriageLookupReturned,
        input: (s) => ({ caseId: s.request.caseId, reference: s.request.case.reference }),
        fold: (s, reply) => ({ ...s, lookup: { rating: reply.rating, record: reply.record } }),
        retry: { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 },
        timeoutMs: 30_000,
        next: 'gate',
      }),
      // What the policy sees is recorded in the audit trail: the case without its reference.
      gate: step.policy({
        intent: LLM_INVOKE_INTENT,
        permits: 'assess',
        context: (s) => ({
          model: { provider: options.model.provider },
          case: { value: s.request.case.value, summary: s.request.case.summary },
          lookup: { rating: s.lookup?.rating ?? null },
        }),
        retry: POLICY_RETRY,
        next: { allow: 'assess', deny: 'decide', review: 'decide' },
      }),
      assess: step.model({
        permit: 'gate',
        prompt: triageAssessPrompt,
        output: triageAssessOutput,
        input: (s) => ({ case: s.request.case, lookup: { rating: s.lookup?.rating ?? null } }),
        fold: (s, assessment) => ({ ...s, assessment }),
        retry: { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 5_000 },
        next: 'decide',
      }),
      decide: step.compute({
        run: (s) => {
          const verdict = decideCase({ rating: s.lookup?.rating ?? 0, assessment: s.assessment });
          return verdict.kind === 'decided'
            ? { ...s, decision: verdict.decision }
            : { ...s, referral: { score: verdict.score, reasons: [...verdict.reasons] } };
        },
        next: { when: [{ if: (s) => s.decision === null, to: 'awaitReview' }], otherwise: 'announce' },
      }),
      awaitReview: step.signal({
        signal: TRIAGE_REVIEW_SIGNAL,
        payload: TriageReview,
        timeoutMs: options.reviewTimeoutMs,
        fold: (s, review) => ({ ...s, review }),
        next: { received: 'settle', timeout: 'settle' },
      }),
      settle: step.compute({
        run: (s) => ({ ...s, decision: settleReferral(s.referral ?? { score: 0, reasons: [] }, s.review) }),
        next: 'announce',
      }),
      announce: step.emit({
        event: TriageCaseDecided,
        payload: (s) => ({
          caseId: s.request.caseId,
          decision: s.decision as NonNullable<TriageCaseState['decision']>,
        }),
        next: 'done',
      }),
      done: step.end({ outcome: 'completed' }),
    },
  });
}
