import type { DataSource } from 'typeorm';
import { ConfirmedPublisher, MessagingMetrics, RabbitOutboxPublisher, Topology } from '@baton/messaging';
import { OutboxRelay } from '@baton/state-store';
import { ContinuationConsumer } from '@baton/orchestration';
import type { RunStore, WorkflowEngine, WorkflowRegistry } from '@baton/orchestration';
import { TimerPoller, systemClock } from '@baton/orchestration';

export interface OrchestratorRuntimeOptions {
  /** The schema the outbox relay publishes from. */
  readonly dataSource: DataSource;
  /** The engine's run store: the timer poller claims due timers from it. */
  readonly runs: RunStore;
  readonly engine: WorkflowEngine;
  readonly workflows: WorkflowRegistry;
  readonly topology: Topology;
  readonly rabbitmqUrl: string;
  /** The worker's confirmed publisher (shared with its dispatcher); the relay publishes through it. */
  readonly publisher: ConfirmedPublisher;
  /** Continuations advanced at once. Default 16. */
  readonly prefetch?: number;
  readonly metrics?: MessagingMetrics;
  readonly relayPollIntervalMs?: number;
  readonly timerIntervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** What runs beside the engine in an orchestrator worker, stopped in a safe order. */
export interface OrchestratorRuntime {
  readonly relay: OutboxRelay;
  readonly consumer: ContinuationConsumer;
  readonly timers: TimerPoller;
  /** Stops taking continuations first, then timers, then the relay once its batch is out. */
  stop(): Promise<void>;
}

/**
 * Starts an orchestrator worker's moving parts around an engine: the outbox relay (the safety
 * net behind the dispatcher), the continuation consumer and the durable-timer poller.
 *
 * @example
 * const runtime = await startOrchestratorRuntime({ dataSource, runs, engine, workflows, topology, rabbitmqUrl, publisher });
 * process.once('SIGTERM', () => void runtime.stop());
 */
export async function startOrchestratorRuntime(options: OrchestratorRuntimeOptions): Promise<OrchestratorRuntime> {
  const relay = new OutboxRelay(options.dataSource, new RabbitOutboxPublisher(options.publisher), {
    pollIntervalMs: options.relayPollIntervalMs ?? 500,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  await relay.start();
  const consumer = new ContinuationConsumer({
    url: options.rabbitmqUrl,
    topology: options.topology,
    registry: options.workflows.continuationRegistry(),
    engine: options.engine,
    prefetch: options.prefetch ?? 16,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  await consumer.start();
  const timers = new TimerPoller(options.runs, options.engine, systemClock, {
    intervalMs: options.timerIntervalMs ?? 100,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  timers.start();
  return {
    relay,
    consumer,
    timers,
    async stop() {
      await consumer.stop();
      await timers.stop();
      await relay.stop();
    },
  };
}
