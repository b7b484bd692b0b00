import type { RunView } from '@baton/orchestration';

/**
 * Polls a run through an engine or a run client until `done` holds; fails with where the run
 * stands (status, step and its last three history entries).
 *
 * @example const view = await untilRun(engine, runId, (run) => run.status === 'completed');
 */
export async function untilRun(
  reader: { get(runId: string): Promise<RunView> },
  runId: string,
  done: (view: RunView) => boolean,
  timeoutMs = 20_000,
): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await reader.get(runId);
    if (done(view)) return view;
    if (Date.now() > deadline)
      throw new Error(
        `run ${runId} is ${view.status} at ${view.currentStep}: ${JSON.stringify(view.history.slice(-3))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
