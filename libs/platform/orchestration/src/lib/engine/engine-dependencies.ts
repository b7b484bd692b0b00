import type { Topology } from '@baton/messaging';
import type { EngineClock } from '../ports/clock';
import type { RunStore } from '../ports/run-store.port';
import type { OrchestrationObserver } from '../ports/observer.port';
import type { ModelPort } from '../ports/model.port';
import type { PolicyPort } from '../ports/policy.port';
import type { WorkflowRegistry } from './workflow-registry';

/** Everything the engine works through: injected, so tests swap any part. */
export interface EngineDependencies {
  /**
   * Where runs are kept: `PostgresRunStore` in the product (which also publishes a commit's
   * messages right after it when given a dispatcher), `InMemoryRunStore` in tests.
   */
  readonly runs: RunStore;
  readonly workflows: WorkflowRegistry;
  /**
   * Decides policy steps. A run client (an API process that only starts, signals, cancels and
   * reads runs) has none: starting a run stops before the first policy step and leaves it to a worker.
   */
  readonly policy?: PolicyPort;
  /** Invokes model steps; like `policy`, absent in a run client. */
  readonly model?: ModelPort;
  /** The vertical's topology: commands go to its command exchange, continuations to its reply queue. */
  readonly topology: Topology;
  readonly clock: EngineClock;
  /** Told of runs, steps, retries, breakers, decisions and model calls; defaults to none. */
  readonly observer?: OrchestrationObserver;
  /** Draws backoff jitter (recorded in the run's history); defaults to `Math.random`. */
  readonly random?: () => number;
}
