import { UnderwriterReview, UnderwritingRequest } from '@baton/loan-underwriting-contracts';
import { defineWorkflow, Transition, WorkflowDefinition } from '@baton/orchestration';
import { initialLoanState, LoanState } from './loan-state';
import { REVIEW_SIGNAL, underwritingSteps, UnderwritingOptions } from './underwriting-steps';

// The step map lives beside this file; its public names stay importable from here.
export {
  COMPLIANCE_INTENT,
  NEUTRAL_ASSESSMENT,
  OUTPUT_ACCEPT_INTENT,
  REVIEW_SIGNAL,
  withoutPersonalData,
} from './underwriting-steps';
export type { UnderwritingOptions } from './underwriting-steps';

export const UNDERWRITING_WORKFLOW_ID = 'loan.underwrite';

type UnderwritingDefinition = WorkflowDefinition<typeof UnderwritingRequest, typeof LoanState>;

/**
 * Version 1's routing after the scorecard, as it shipped: a declining scorecard is tested first, so
 * a compliance `review` (DTI above 36% up to 43%) with a declining score is declined without an
 * underwriter seeing it. Kept unchanged only so runs started on version 1 finish as they began.
 */
const AFTER_SCORE_V1: Transition<LoanState> = {
  when: [
    { if: (s) => s.scorecard?.band === 'decline', to: 'decline' },
    // Meant to send every compliance review to an underwriter, but a declining band has matched above.
    { if: (s) => s.scorecard?.band === 'refer' || s.compliance?.effect === 'review', to: 'awaitReview' },
  ],
  otherwise: 'approve',
};

/**
 * Version 2's routing: the compliance policy's `review` is tested first, so it reaches an
 * underwriter whatever the scorecard band; otherwise the band decides as in version 1.
 */
const AFTER_SCORE_V2: Transition<LoanState> = {
  when: [
    { if: (s) => s.compliance?.effect === 'review', to: 'awaitReview' },
    { if: (s) => s.scorecard?.band === 'decline', to: 'decline' },
    { if: (s) => s.scorecard?.band === 'refer', to: 'awaitReview' },
  ],
  otherwise: 'approve',
};

/** One version of the workflow: the shared steps with that version's routing after the scorecard. */
function underwritingVersion(
  version: number,
  afterScore: Transition<LoanState>,
  options: UnderwritingOptions,
  checks: 'sequential' | 'parallel' = 'sequential',
): UnderwritingDefinition {
  return defineWorkflow({
    id: UNDERWRITING_WORKFLOW_ID,
    version,
    input: UnderwritingRequest,
    state: LoanState,
    initialState: initialLoanState,
    start: checks === 'parallel' ? 'identity' : 'kyc',
    signals: { [REVIEW_SIGNAL]: UnderwriterReview },
    timeoutMs: undefined,
    steps: underwritingSteps(options, afterScore, checks),
  });
}

/**
 * Loan underwriting, version 1, as first shipped: a declining scorecard wins over the compliance
 * policy's `review`, so a 40% DTI application with a low score is declined with no underwriter.
 * Registered only so runs already started on version 1 finish on it; new runs use version 2.
 *
 * @example registry.register(underwritingWorkflowV1(options)); // alongside underwritingWorkflow(options)
 */
export function underwritingWorkflowV1(options: UnderwritingOptions): UnderwritingDefinition {
  return underwritingVersion(1, AFTER_SCORE_V1, options);
}

/**
 * Loan underwriting, version 2: identity, sanctions, the compliance policy, bureau and income one
 * after another, then the gated model assessment, the scorecard, and an underwriter's review where
 * one is due. Version 2 exists because the compliance policy's `review` (DTI above 36% up to 43%)
 * must always reach an underwriter, and version 1 declined it when the scorecard declined. Kept so
 * runs started on it finish on it; new runs use version 3.
 *
 * @example registry.register(underwritingWorkflowV2(options));
 */
export function underwritingWorkflowV2(options: UnderwritingOptions): UnderwritingDefinition {
  return underwritingVersion(2, AFTER_SCORE_V2, options);
}

/**
 * Loan underwriting, the newest version (3): version 2's steps and routing, with the outside
 * checks that do not depend on each other run as parallel branches, identity with sanctions
 * (before the compliance policy, which needs both) and bureau with income (after it, so a policy
 * denial still pulls no credit report), each pair's commands in one commit. The same calls fold
 * into the same keys, so every decision is the one version 2 makes; only the waiting shrinks.
 * Register it through {@link underwritingWorkflows}, which keeps versions 1 and 2 for runs in flight.
 *
 * @example
 * const workflow = underwritingWorkflow({ reviewTimeoutMs: 24 * 3_600_000, model: { provider: 'deterministic', name: 'deterministic-v1' } });
 * workflow.version; // 3
 */
export function underwritingWorkflow(options: UnderwritingOptions): UnderwritingDefinition {
  return underwritingVersion(3, AFTER_SCORE_V2, options, 'parallel');
}

/**
 * Every registered version of loan underwriting, oldest first: versions 1 and 2 so runs started on
 * them finish on them, and version 3 (parallel outside checks), which
 * `registry.latest('loan.underwrite')` picks for new runs. Register these instead of
 * `underwritingWorkflow(options)` alone: a registry refuses the same id and version twice.
 *
 * @example
 * const registry = new WorkflowRegistry().register(...underwritingWorkflows(options));
 * registry.latest(UNDERWRITING_WORKFLOW_ID).version; // 3
 */
export function underwritingWorkflows(
  options: UnderwritingOptions,
): [UnderwritingDefinition, UnderwritingDefinition, UnderwritingDefinition] {
  return [underwritingWorkflowV1(options), underwritingWorkflowV2(options), underwritingWorkflow(options)];
}
