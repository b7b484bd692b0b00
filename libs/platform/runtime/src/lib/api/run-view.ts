import type { RunFailureView, RunStepView } from '@baton/contracts';
import type { RunView } from '@baton/orchestration';

/**
 * The steps a run has been through, as an API shows them: completed, retrying or compensated,
 * with when; steps only scheduled are left out.
 *
 * @example runSteps(run) // [{ step: 'lookup', status: 'completed', at: '2026-…' }]
 */
export function runSteps(run: Pick<RunView, 'history'>): RunStepView[] {
  return run.history
    .filter((entry): entry is typeof entry & { status: RunStepView['status'] } => entry.status !== 'scheduled')
    .map((entry) => ({ step: entry.stepId, status: entry.status, at: entry.at }));
}

/** Why a run failed, without its internals: the code and message, or null. */
export function runFailure(run: Pick<RunView, 'failure'>): RunFailureView | null {
  return run.failure ? { code: run.failure.code, message: run.failure.message } : null;
}
