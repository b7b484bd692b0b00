import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import type { MessageDefinition, PayloadOf } from '@baton/contracts';
import { SigningKeyStore, TokenService } from '@baton/http';
import { declareTopology, deleteTopology } from '@baton/messaging';
import { collectPublished, type PublishedCollector } from '@baton/runtime/testing';
import { openStateStore } from '@baton/state-store';
import { BuiltProcess, freePort, startBuiltProcess } from '@baton/testing';
import { resolveVertical } from '../verticals';

export interface VerticalStackOptions {
  readonly databaseUrl: string;
  readonly schema: string;
  readonly rabbitmqUrl: string;
  /** Prefixes the vertical's queues and exchanges, so a run never touches another's. */
  readonly namespace: string;
  /** 64 hex characters: the audit chain's key for this run. */
  readonly auditKeyHex: string;
  /** `all`: one process; `split`: one API process and `workers` worker processes (the production shape). */
  readonly layout: 'all' | 'split';
  readonly workers?: number;
  /** Extra environment for every process (rate limits, timeouts, seeds, simulated latencies). */
  readonly env?: Readonly<Record<string, string>>;
  readonly onProgress?: (message: string) => void;
}

/** The event a driver times submissions to, and the key (an application or encounter id) it is waited on by. */
export interface StackFeed<D extends MessageDefinition> {
  readonly message: D;
  readonly keyOf: (payload: PayloadOf<D>) => string;
}

/** A vertical running as real processes, with what a client needs to drive it. */
export interface VerticalStack<P> {
  readonly url: string;
  readonly dataSource: DataSource;
  /** The feed's event consumed from the bus, with the moment each arrived. */
  readonly published: PublishedCollector<P>;
  readonly processes: readonly BuiltProcess[];
  /** A bearer token for one of the vertical's roles, signed with the key the API keeps in the database. */
  token(role: string, tenant: string): Promise<string>;
  /** Stops the processes and the feed; `removeTopology` also deletes the run's queues and exchanges. */
  stop(options?: { readonly removeTopology?: boolean }): Promise<void>;
}

/**
 * Starts a vertical's app from its build (`npm run build`) as the benches and demos drive it: the
 * API on a free port, workers beside it, one published event collected from the bus, and tokens
 * signed with the key the API keeps in the database (what `npm run token` does).
 *
 * @example
 * const stack = await startVerticalStack('triage', { databaseUrl, schema: 'triage_demo', rabbitmqUrl, namespace: 'demo', auditKeyHex, layout: 'split', workers: 1 },
 *   { message: TriageAssigned, keyOf: (assigned) => assigned.encounterId });
 */
export async function startVerticalStack<D extends MessageDefinition>(
  short: string,
  options: VerticalStackOptions,
  feed: StackFeed<D>,
): Promise<VerticalStack<PayloadOf<D>>> {
  const { vertical, dir } = resolveVertical(short);
  const entry = `dist/out-tsc/apps/${dir}/src/main.js`;
  const name = vertical.definition.name;
  const port = await freePort();
  const env = {
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: options.schema,
    RABBITMQ_URL: options.rabbitmqUrl,
    BROKER_NAMESPACE: options.namespace,
    AUDIT_HMAC_KEY: options.auditKeyHex,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const processes: BuiltProcess[] = [];
  const connection = new Connection({ url: options.rabbitmqUrl, retryLow: 100, retryHigh: 2_000 });
  connection.on('error', () => undefined);
  const topology = vertical.topology(options.namespace);
  const start = async (role: string, label: string, ready: RegExp, extra: Record<string, string> = {}) => {
    options.onProgress?.(`starting ${label} (ROLE=${role})`);
    processes.push(
      await startBuiltProcess({
        entry,
        name: label.replace(/\s+/g, '-'),
        env: { ...env, ...extra, ROLE: role },
        ready: { outputMatches: ready },
        timeoutMs: 60_000,
      }),
    );
  };
  try {
    const apiReady = new RegExp(`${name} api ready`);
    if (options.layout === 'all') await start('all', `${name} app`, apiReady);
    else {
      await start('api', `${name} api`, apiReady);
      for (let index = 0; index < (options.workers ?? 1); index++)
        await start('worker', `${name} worker ${index + 1}`, new RegExp(`${name} worker ready`), {
          METRICS_PORT: String(await freePort()),
        });
    }
    await declareTopology(connection, topology);
    const published = collectPublished(connection, topology, feed.message, feed.keyOf);
    const dataSource = await openStateStore({
      url: options.databaseUrl,
      schema: options.schema,
      poolSize: 4,
      migrations: vertical.migrations,
    });
    const tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
    return {
      url: `http://127.0.0.1:${port}`,
      dataSource,
      published,
      processes,
      token: (role, tenant) => tokens.issue({ role, tenant, subject: `${role}@${tenant}` }),
      async stop(stopOptions = {}) {
        await published.close();
        for (const process of [...processes].reverse()) await process.stop();
        if (stopOptions.removeTopology) await deleteTopology(connection, topology).catch(() => undefined);
        await connection.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    for (const process of processes) await process.kill();
    await connection.close();
    throw error;
  }
}
