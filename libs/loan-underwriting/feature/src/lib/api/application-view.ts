import type { ApplicationLinks, ApplicationStatus, ApplicationView } from '@baton/loan-underwriting-contracts';
import type { RunView } from '@baton/orchestration';
import { runFailure, runSteps } from '@baton/runtime';
import type { LoanState } from '../workflow/loan-state';

/** The step a referred application waits in, for an underwriter's signal. */
const REVIEW_STEP = 'awaitReview';

/** The API's links for one application. */
export function applicationLinks(applicationId: string): ApplicationLinks {
  const self = `/v1/applications/${encodeURIComponent(applicationId)}`;
  return { self, review: `${self}/review`, audit: `${self}/audit` };
}

/**
 * Where an application stands, from its run: `received` until its first step completes,
 * `referred` while it waits for an underwriter, `approved` or `declined` once decided, `failed`
 * when the run ended without a decision, and `in_progress` otherwise.
 *
 * @example applicationStatus(await engine.get(runId)) // 'referred'
 */
export function applicationStatus(
  run: Pick<RunView, 'status' | 'currentStep' | 'history' | 'state'>,
): ApplicationStatus {
  const state = run.state as LoanState;
  if (run.status === 'completed') return state.decision?.outcome ?? 'failed';
  if (run.status === 'failed' || run.status === 'cancelled') return 'failed';
  if (run.status === 'waiting' && run.currentStep === REVIEW_STEP) return 'referred';
  return run.history.some((entry) => entry.status === 'completed') ? 'in_progress' : 'received';
}

/** `GET /v1/applications/:id` from the run: progress, decision, policy and model, never personal data. */
export function applicationView(applicationId: string, run: RunView): ApplicationView {
  const state = run.state as LoanState;
  return {
    applicationId,
    status: applicationStatus(run),
    subjectId: state.request.subjectId,
    receivedAt: state.request.receivedAt,
    updatedAt: run.updatedAt,
    decision: state.decision
      ? {
          outcome: state.decision.outcome,
          decidedBy: state.decision.decidedBy,
          score: state.decision.score,
          reasons: state.decision.reasons,
        }
      : null,
    policyVersion: state.compliance?.policyVersion ?? null,
    model: state.model,
    steps: runSteps(run),
    failure: runFailure(run),
    links: applicationLinks(applicationId),
  };
}
