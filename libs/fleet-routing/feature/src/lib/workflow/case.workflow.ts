import { LLM_INVOKE_INTENT } from '@baton/contracts';
import {
  FleetCaseDecided,
  FleetCaseRequest,
  FleetLookupRequested,
  FleetLookupReturned,
  FleetReview,
} from '@baton/fleet-routing-contracts';
import { decideCase, settleReferral } from '@baton/fleet-routing-domain';
import { defineWorkflow, stepsFor } from '@baton/orchestration';
import { fleetAssessOutput, fleetAssessPrompt } from '../prompts/assess.prompt';
import { initialFleetCaseState, FleetCaseState } from './case-state';

export const FLEET_CASE_WORKFLOW_ID = 'fleet.case';
export const FLEET_REVIEW_SIGNAL = 'fleet.review';

export interface FleetCaseOptions {
  /** How long a referred case waits for a reviewer before it is rejected (`REVIEW_EXPIRED`). */
  readonly reviewTimeoutMs: number;
  /** The model the gateway is configured with: the gate judges its provider. */
  readonly model: { readonly provider: string; readonly name: string };
}

const step = stepsFor<FleetCaseState>();
/** A policy store that is briefly unreachable is retried, never mistaken for a decision. */
const POLICY_RETRY = { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * The sample workflow, one of each kind of step: the registry lookup (an agent), the policy gate
 * before the model, the model's bounded assessment, the domain's decision, a reviewer's signal
 * with a timeout for referred cases, and the `FleetCaseDecided` event. Replace it with your
 * own (docs/guides/new-vertical.md).
 *
 * @example const workflow = fleetCaseWorkflow({ reviewTimeoutMs: 86_400_000, model: { provider: 'deterministic', name: 'deterministic-v1' } });
 */
export function fleetCaseWorkflow(options: FleetCaseOptions) {
  return defineWorkflow({
    id: FLEET_CASE_WORKFLOW_ID,
    version: 1,
    input: FleetCaseRequest,
    state: FleetCaseState,
    initialState: initialFleetCaseState,
    start: 'lookup',
    signals: { [FLEET_REVIEW_SIGNAL]: FleetReview },
    steps: {
      lookup: step.agent({
        pattern: FleetLookupRequested.type,
        request: FleetLookupRequested,
        reply: FleetLookupReturned,
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
        prompt: fleetAssessPrompt,
        output: fleetAssessOutput,
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
        signal: FLEET_REVIEW_SIGNAL,
        payload: FleetReview,
        timeoutMs: options.reviewTimeoutMs,
        fold: (s, review) => ({ ...s, review }),
        next: { received: 'settle', timeout: 'settle' },
      }),
      settle: step.compute({
        run: (s) => ({ ...s, decision: settleReferral(s.referral ?? { score: 0, reasons: [] }, s.review) }),
        next: 'announce',
      }),
      announce: step.emit({
        event: FleetCaseDecided,
        payload: (s) => ({ caseId: s.request.caseId, decision: s.decision as NonNullable<FleetCaseState['decision']> }),
        next: 'done',
      }),
      done: step.end({ outcome: 'completed' }),
    },
  });
}
