import type { EntityManager } from 'typeorm';
import type { OutboxMessage } from '@baton/state-store';
import type { RunEvent } from '../run/run-events';
import type { DurableTimer } from './durable-timers';

/** Extra writes that commit with a run's events (a child's first event); timers have their own, cheaper path. */
export type CommitExtra = (tx: EntityManager) => Promise<void>;

/** A durable timer to write with a step's events, and when it is due. */
export interface ScheduledTimer {
  readonly timer: DurableTimer;
  readonly dueAt: string;
}

/** What executing one step decided: events to append and what commits with them. */
export interface StepPlan {
  readonly events: RunEvent[];
  readonly outbox: OutboxMessage[];
  /** Timers commit with the events; unlike `extra`, they keep the commit to one statement. */
  readonly timers: ScheduledTimer[];
  readonly extra?: CommitExtra;
}

export const plan = (events: RunEvent[], outbox: OutboxMessage[] = [], extra?: CommitExtra): StepPlan => ({
  events,
  outbox,
  timers: [],
  extra,
});

/** The plan with a durable timer that commits with it. */
export const withTimer = (stepPlan: StepPlan, timer: DurableTimer, dueAt: string): StepPlan => ({
  ...stepPlan,
  timers: [...stepPlan.timers, { timer, dueAt }],
});
