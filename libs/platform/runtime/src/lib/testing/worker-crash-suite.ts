import type { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { deleteTopology, Topology } from '@baton/messaging';
import { PostgresRunStore, systemClock, WorkflowEngine } from '@baton/orchestration';
import { AuditKey, openStateStore, PostgresEventStore } from '@baton/state-store';
import {
  BuiltProcess,
  createIsolatedSchema,
  IsolatedSchema,
  isolatedBrokerNames,
  openTestBroker,
  startBuiltProcess,
  testEnv,
} from '@baton/testing';
import type { Vertical } from '../definition/define-vertical';

export interface WorkerCrashSuiteOptions {
  /** Names the suite's schema and broker namespace (made unique per run). */
  readonly suite: string;
  /** The built worker process (`dist/out-tsc/.../worker-process.js`), started per `startWorker`. */
  readonly entry: string;
  /** What the worker prints once it consumes. */
  readonly ready: RegExp;
  /** The vertical's own settings for the worker (`OUTSIDE_EHR_MS: '40'`). */
  readonly env?: Readonly<Record<string, string>>;
  readonly auditKeyHex: string;
}

/** A vertical's worker processes on the suite's own schema and broker names, to kill and replace. */
export interface WorkerCrashSuite {
  /** A broker connection of the test's own (collectors, passive checks). */
  readonly raw: Connection;
  /** The vertical's topology under the suite's namespace. */
  topology(): Topology;
  setUp(): Promise<void>;
  /** Kills every worker, deletes the suite's topology, schema and broker names. */
  tearDown(): Promise<void>;
  startWorker(name: string): Promise<BuiltProcess>;
  /** A data source and an engine in this process, to start runs (a start calls no policy or model). */
  openStarter(): Promise<{ dataSource: DataSource; engine: WorkflowEngine }>;
}

/**
 * The set-up every vertical's worker-crash e2e shares: an isolated schema and namespace, built
 * worker processes with the suite's environment, and an engine to start runs with.
 *
 * @example
 * const suite = workerCrashSuite(loanVertical, { suite: 'loan crash', entry, ready: /loan worker ready/, auditKeyHex });
 * beforeAll(() => suite.setUp());
 * afterAll(() => suite.tearDown());
 * const first = await suite.startWorker('loan-worker-1');
 */
export function workerCrashSuite(vertical: Vertical, options: WorkerCrashSuiteOptions): WorkerCrashSuite {
  const names = isolatedBrokerNames(options.suite);
  const raw = openTestBroker();
  const workers: BuiltProcess[] = [];
  let db: IsolatedSchema | undefined;
  const schema = (): IsolatedSchema => {
    if (!db) throw new Error('workerCrashSuite: call setUp() first');
    return db;
  };
  return {
    raw,
    topology: () => vertical.topology(names.prefix),
    async setUp() {
      db = await createIsolatedSchema(options.suite);
    },
    async tearDown() {
      await Promise.all(workers.map((worker) => worker.kill()));
      await deleteTopology(raw, vertical.topology(names.prefix)).catch(() => undefined);
      await raw.close();
      await names.cleanup();
      await db?.drop();
    },
    async startWorker(name) {
      const worker = await startBuiltProcess({
        entry: options.entry,
        name,
        env: {
          DATABASE_URL: schema().databaseUrl,
          DATABASE_SCHEMA: schema().schema,
          RABBITMQ_URL: testEnv.rabbitmqUrl,
          BROKER_NAMESPACE: names.prefix,
          AUDIT_HMAC_KEY: options.auditKeyHex,
          ...options.env,
        },
        ready: { outputMatches: options.ready },
      });
      workers.push(worker);
      return worker;
    },
    async openStarter() {
      const dataSource = await openStateStore({
        url: schema().databaseUrl,
        schema: schema().schema,
        poolSize: 4,
        migrations: vertical.migrations,
      });
      const engine = new WorkflowEngine({
        runs: new PostgresRunStore(dataSource, new PostgresEventStore(dataSource, AuditKey.from(options.auditKeyHex))),
        workflows: vertical.workflows(),
        topology: vertical.topology(names.prefix),
        clock: systemClock,
      });
      return { dataSource, engine };
    },
  };
}
