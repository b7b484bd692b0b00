import type { FleetCaseStatus, FleetCaseView } from '@baton/fleet-routing-contracts';
import type { RunView } from '@baton/orchestration';
import { runFailure, runSteps } from '@baton/runtime';
import type { FleetCaseState } from '../workflow/case-state';

/** The API's link to one case. */
export const caseLink = (caseId: string) => `/v1/cases/${encodeURIComponent(caseId)}`;

/**
 * Where a case stands, from its run: `received` until a step completes, `referred` while a
 * reviewer is due, `accepted` or `rejected` once decided, `failed` when the run ended without a
 * decision, and `in_progress` otherwise.
 */
export function caseStatus(run: RunView): FleetCaseStatus {
  const state = run.state as FleetCaseState;
  if (run.status === 'completed') return state.decision?.outcome ?? 'failed';
  if (run.status === 'failed' || run.status === 'cancelled') return 'failed';
  if (run.status === 'waiting' && run.currentStep === 'awaitReview') return 'referred';
  return run.history.some((entry) => entry.status === 'completed') ? 'in_progress' : 'received';
}

/** `GET /v1/cases/:id` from the run. */
export function caseView(caseId: string, run: RunView): FleetCaseView {
  const state = run.state as FleetCaseState;
  return {
    caseId,
    status: caseStatus(run),
    receivedAt: state.request.receivedAt,
    updatedAt: run.updatedAt,
    decision: state.decision,
    steps: runSteps(run),
    failure: runFailure(run),
  };
}
