import type { OutboxMessage } from '@baton/state-store';
import type { RunEvent } from '../run/run-events';
import type { CommitExtra } from './run-repository';

/** What executing one step decided: events to append and what commits with them. */
export interface StepPlan {
  readonly events: RunEvent[];
  readonly outbox: OutboxMessage[];
  readonly extra?: CommitExtra;
}

export const plan = (events: RunEvent[], outbox: OutboxMessage[] = [], extra?: CommitExtra): StepPlan => ({ events, outbox, extra });
