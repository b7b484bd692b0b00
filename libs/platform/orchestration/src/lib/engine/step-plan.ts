import type { OutboxMessage } from '@baton/state-store';
import type { DurableTimer, RunBatch, ScheduledTimer } from '../ports/run-store.port';
import type { RunEvent } from '../run/run-events';

export type { ScheduledTimer } from '../ports/run-store.port';

/** What executing one step decided: events to append and what commits with them. */
export interface StepPlan {
  readonly events: RunEvent[];
  readonly outbox: OutboxMessage[];
  /** Timers commit with the events, in the same statement. */
  readonly timers: ScheduledTimer[];
  /** Runs this step starts (a child's first event), committed with its events or not at all. */
  readonly starts: RunBatch[];
}

export const plan = (events: RunEvent[], outbox: OutboxMessage[] = [], starts: RunBatch[] = []): StepPlan => ({
  events,
  outbox,
  timers: [],
  starts,
});

/** The plan with a durable timer that commits with it. */
export const withTimer = (stepPlan: StepPlan, timer: DurableTimer, dueAt: string): StepPlan => ({
  ...stepPlan,
  timers: [...stepPlan.timers, { timer, dueAt }],
});
