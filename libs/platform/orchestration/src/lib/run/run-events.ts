import type { ModelCallResult, Permit, PolicyDecision } from '@baton/contracts';
import type { BranchRunEvent } from './branch-events';

export type { BranchEventKey, BranchRunEvent } from './branch-events';

/** The parent a child run reports to. */
export interface ParentLink {
  readonly runId: string;
  readonly stepId: string;
  readonly visit: number;
}

/** Why a step or run failed. */
export interface RunFailure {
  readonly stepId: string | null;
  readonly code: string;
  readonly message: string;
}

/** A completed step whose compensation is owed. */
export interface CompensationTarget {
  readonly stepId: string;
  readonly visit: number;
}

/** The events of a run stream: the run's whole history and its audit trail. */
export type RunEvent =
  | {
      type: 'run.started';
      data: {
        workflowId: string;
        version: number;
        startStep: string;
        input: unknown;
        state: unknown;
        tenantId: string;
        correlationId: string;
        parent: ParentLink | null;
      };
    }
  | {
      type: 'run.step.scheduled';
      data: {
        stepId: string;
        visit: number;
        epoch: number;
        commandId: string;
        idempotencyKey: string;
        dueAt: string | null;
        attempt?: number;
        waitsFor?: 'reply' | 'wake';
      };
    }
  | {
      type: 'run.step.retry.scheduled';
      data: {
        stepId: string;
        visit: number;
        failedAttempt: number;
        code: string;
        message: string;
        delayMs: number;
        dueAt: string;
      };
    }
  | { type: 'run.policy.decided'; data: { stepId: string; decision: PolicyDecision; permit: Permit | null } }
  /** The policy engine's own audit event of a decision, kept in the run's chain (its id is the decision id). */
  | {
      type: 'baton.policy.decided';
      data: PolicyDecision;
      eventId: string;
      metadata: Record<string, unknown>;
      occurredAt: string;
    }
  | { type: 'run.model.called'; data: { stepId: string; call: ModelCallResult } }
  | {
      type: 'run.step.completed';
      data: { stepId: string; visit: number; state: unknown; next: string | null; output: unknown };
    }
  | { type: 'run.signal.received'; data: { signalId: string; name: string; payload: unknown } }
  | { type: 'run.completed'; data: { outcome: 'completed' | 'failed'; state: unknown; reason: string | null } }
  | { type: 'run.failed'; data: RunFailure }
  | {
      type: 'run.compensation.started';
      data: { failure: RunFailure; steps: CompensationTarget[]; finish: 'failed' | 'completed' };
    }
  | {
      type: 'run.compensation.scheduled';
      data: { stepId: string; visit: number; attempt: number; commandId: string; idempotencyKey: string };
    }
  | { type: 'run.compensation.completed'; data: { stepId: string; visit: number } }
  | { type: 'run.cancelled'; data: { reason: string } }
  | { type: 'run.retried'; data: { epoch: number } }
  | BranchRunEvent;

export type RunEventType = RunEvent['type'];
