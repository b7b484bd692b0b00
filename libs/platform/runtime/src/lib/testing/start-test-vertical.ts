import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import type { TokenService } from '@baton/http';
import { deleteTopology, Topology } from '@baton/messaging';
import type { RunView, WorkflowEngine } from '@baton/orchestration';
import { AuditKey, PostgresEventStore } from '@baton/state-store';
import { createIsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import type { RunClient } from '../client/run-client';
import type { Vertical } from '../definition/define-vertical';
import type { VerticalConfig } from '../definition/vertical-definition';
import type { RunningWorker, WorkerOverrides } from '../roles/worker-role';
import { verticalEventStore } from '../roles/process-resources';
import { RunningVertical, startVertical } from '../run/start-vertical';
import { untilRun } from './until-run';

/** The audit key test verticals sign their chains with, unless a suite gives its own. */
export const TEST_AUDIT_KEY_HEX = '1a'.repeat(32);

export interface TestVerticalOptions {
  /** Names the suite's schema and broker namespace (made unique per run). */
  readonly suite: string;
  /** `all` by default: API (when the vertical has one) and worker in this process. */
  readonly role?: 'api' | 'worker' | 'relay' | 'all';
  /** Environment variables of the vertical's own or the platform's (`REVIEW_TIMEOUT_MS: '1500'`). */
  readonly env?: Readonly<Record<string, string>>;
  readonly worker?: WorkerOverrides;
  readonly auditKeyHex?: string;
}

/** A vertical running in this process on its own schema and broker names, for a suite. */
export interface TestVertical {
  readonly running: RunningVertical;
  readonly config: VerticalConfig;
  readonly schema: string;
  readonly namespace: string;
  readonly topology: Topology;
  readonly auditKey: AuditKey;
  /** The worker's engine (ROLE all or worker). */
  readonly engine: WorkflowEngine;
  readonly dataSource: DataSource;
  /** The vertical's event store, to read run histories. */
  readonly events: PostgresEventStore;
  /** The API's base URL (ROLE all or api). */
  readonly url: string;
  readonly tokens: TokenService;
  /** The API's run client (ROLE all or api): starts, signals and reads runs, as the app's API does. */
  readonly runs: RunClient;
  /** A provider of the worker's agents module, by token. */
  get<T>(token: unknown): T;
  /**
   * Starts another worker on the suite's schema and broker names, as another process of the app
   * would: a restart, a second worker, or a deployment of another definition of the vertical
   * (`vertical`, e.g. with a new workflow version). It takes the suite's worker overrides, and
   * `worker` on top; `stop()` of the test vertical stops it too if it still runs.
   */
  startWorker(options?: { readonly vertical?: Vertical; readonly worker?: WorkerOverrides }): Promise<RunningWorker>;
  /** Polls a run until `done` holds; fails with where the run stands. */
  until(runId: string, done: (view: RunView) => boolean, timeoutMs?: number): Promise<RunView>;
  /** Stops the roles, deletes the topology, the broker names and the schema. */
  stop(): Promise<void>;
}

/**
 * Starts a vertical on the real PostgreSQL and RabbitMQ in an isolated schema and broker
 * namespace, through the same `startVertical` its app runs, so a suite tests the product's
 * wiring, not a fixture's.
 *
 * @example
 * const loan = await startTestVertical(loanVertical, { suite: 'loan underwriting', env: { REVIEW_TIMEOUT_MS: '1500' } });
 * afterAll(() => loan.stop());
 */
export async function startTestVertical(vertical: Vertical, options: TestVerticalOptions): Promise<TestVertical> {
  const names = isolatedBrokerNames(options.suite);
  const db = await createIsolatedSchema(options.suite);
  const auditKeyHex = options.auditKeyHex ?? TEST_AUDIT_KEY_HEX;
  const config = vertical.readConfig({
    DATABASE_URL: db.databaseUrl,
    DATABASE_SCHEMA: db.schema,
    RABBITMQ_URL: testEnv.rabbitmqUrl,
    BROKER_NAMESPACE: names.prefix,
    AUDIT_HMAC_KEY: auditKeyHex,
    ROLE: options.role ?? 'all',
    PORT: '0',
    METRICS_PORT: '0',
    RATE_LIMIT: '100000',
    ...options.env,
  });
  const topology = vertical.topology(names.prefix);
  const auditKey = AuditKey.from(auditKeyHex);
  const cleanup = async () => {
    const raw = new Connection(testEnv.rabbitmqUrl);
    raw.on('error', () => undefined);
    await deleteTopology(raw, topology).catch(() => undefined);
    await raw.close();
    await names.cleanup();
    await db.drop();
  };
  let running: RunningVertical;
  try {
    running = await startVertical(vertical, config, {
      auditKey,
      metricsHost: '127.0.0.1',
      api: { host: '127.0.0.1' },
      ...(options.worker ? { worker: options.worker } : {}),
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const workers: RunningVertical[] = [];
  const missing = (what: string) => () => {
    throw new Error(`the test vertical runs ROLE=${config.ROLE}: it has no ${what}`);
  };
  const dataSource = running.worker?.dataSource ?? running.api?.dataSource;
  if (!dataSource) throw new Error('the test vertical runs neither a worker nor an API');
  const engine = running.worker?.engine;
  const events = verticalEventStore(vertical, dataSource, auditKey);
  return {
    running,
    config,
    schema: db.schema,
    namespace: names.prefix,
    topology,
    auditKey,
    get engine() {
      return engine ?? (missing('worker')() as never);
    },
    dataSource,
    events,
    get url() {
      return running.api?.url ?? (missing('API')() as never);
    },
    get tokens() {
      return running.api?.tokens ?? (missing('API')() as never);
    },
    get runs() {
      return running.api?.runs ?? (missing('API')() as never);
    },
    get: <T>(token: unknown) => (running.worker ? running.worker.get<T>(token) : (missing('worker')() as never)),
    async startWorker(choice = {}) {
      const another = await startVertical(
        choice.vertical ?? vertical,
        { ...config, ROLE: 'worker' },
        { auditKey, metricsHost: '127.0.0.1', worker: { ...options.worker, ...choice.worker } },
      );
      workers.push(another);
      // Its stop stops the whole process's roles (the worker and its metrics server).
      return { ...(another.worker as RunningWorker), stop: () => another.stop() };
    },
    async until(runId, done, timeoutMs) {
      const reader = running.worker?.engine ?? running.api?.runs;
      if (!reader) throw new Error('no engine to read runs with');
      return untilRun(reader, runId, done, timeoutMs);
    },
    async stop() {
      // Stopping twice is a no-op, so workers a suite stopped already are passed over.
      for (const worker of workers.splice(0).reverse()) await worker.stop();
      await running.stop();
      await cleanup();
    },
  };
}
