import type { BranchRunEvent } from './branch-events';
import type { RunWait, StepRecord } from './run-records';

/** The fields of a run that parallel, fan-out and deadline events change (`RunState` has them all). */
export interface BranchFoldable {
  readonly status: string;
  readonly current: string | null;
  readonly visits: Readonly<Record<string, number>>;
  readonly waiting: RunWait | null;
  readonly retriesUsed: number;
  readonly history: readonly StepRecord[];
  readonly parallel: Readonly<Record<string, ParallelProgress>>;
  readonly deadline: { readonly stepId: string; readonly visit: number; readonly at: string } | null;
}

/** Where one branch stands. */
export interface BranchProgress {
  readonly status: 'pending' | 'waiting' | 'retrying' | 'completed' | 'failed' | 'late';
  readonly attempt: number;
  /** What the branch folds into its `into` key, once completed. */
  readonly value?: unknown;
  readonly output?: unknown;
  /** Why it failed for good. */
  readonly failure?: { readonly code: string; readonly message: string };
}

/** A parallel or fan-out step's visit: its branches in order, the window, whether it joined. */
export interface ParallelProgress {
  readonly visit: number;
  readonly join: 'all' | 'any';
  readonly order: readonly string[];
  /** Branches in flight at most (a fan-out's concurrency; every branch for a parallel step). */
  readonly window: number;
  readonly joined: boolean;
  readonly branches: Readonly<Record<string, BranchProgress>>;
}

/**
 * Folds the events of parallel and fan-out steps and of deadlines into a run (part of
 * `evolveRun`). The run waits on the parallel step (`join`) until it completes; branch events
 * leave that wait as it is, so a branch's timers live until the step joins.
 */
export function evolveBranchEvent<R extends BranchFoldable>(run: R, event: BranchRunEvent, at: string): R {
  if (event.type === 'run.deadline.set') {
    const { stepId, visit, deadline } = event.data;
    return { ...run, deadline: { stepId, visit, at: deadline } };
  }
  if (event.type === 'run.parallel.started') {
    const { stepId, visit, join, branches, window } = event.data;
    const progress: ParallelProgress = {
      visit,
      join,
      order: branches,
      window,
      joined: false,
      branches: Object.fromEntries(branches.map((name) => [name, { status: 'pending', attempt: 1 }])),
    };
    return {
      ...run,
      status: 'waiting',
      current: stepId,
      visits: { ...run.visits, [stepId]: visit },
      waiting: { stepId, visit, commandId: '', dueAt: null, attempt: 1, kind: 'join' },
      parallel: { ...run.parallel, [stepId]: progress },
      history: [...run.history, { stepId, visit, status: 'scheduled', at }],
    };
  }
  const { stepId, visit, branch } = event.data;
  const progress = run.parallel[stepId];
  if (!progress || progress.visit !== visit) return run;
  const before = progress.branches[branch] ?? { status: 'pending', attempt: 1 };
  const update = (next: BranchProgress, extra: Partial<BranchFoldable> = {}): R => ({
    ...run,
    ...extra,
    parallel: { ...run.parallel, [stepId]: { ...progress, branches: { ...progress.branches, [branch]: next } } },
  });
  const id = `${stepId}/${branch}`;
  switch (event.type) {
    case 'run.branch.scheduled':
      return update({ status: 'waiting', attempt: event.data.attempt });
    case 'run.branch.completed':
      return update(
        { status: 'completed', attempt: before.attempt, value: event.data.value, output: event.data.output },
        { history: [...run.history, { stepId: id, visit, status: 'completed', at }] },
      );
    case 'run.branch.retry.scheduled':
      return update(
        { status: 'retrying', attempt: event.data.failedAttempt + 1 },
        {
          retriesUsed: run.retriesUsed + 1,
          history: [...run.history, { stepId: id, visit, status: 'retrying', at, code: event.data.code }],
        },
      );
    case 'run.branch.failed':
      return update({
        status: 'failed',
        attempt: before.attempt,
        failure: { code: event.data.code, message: event.data.message },
      });
    case 'run.branch.late':
      return update({ status: 'late', attempt: before.attempt, output: event.data.output });
  }
}
