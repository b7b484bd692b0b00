import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { SigningKeyStore, TokenService } from '@baton/http';
import { collectDecisions, DecisionCollector } from '@baton/loan-underwriting-feature/testing';
import { declareTopology, deleteTopology } from '@baton/messaging';
import { openStateStore } from '@baton/state-store';
import { BuiltProcess, freePort, startBuiltProcess } from '@baton/testing';

import { resolveVertical } from '../verticals';

/** The loan vertical from the one list, and the built app that runs it. */
const loan = resolveVertical('loan');
const loanVertical = loan.vertical;
const ENTRY = `dist/out-tsc/apps/${loan.dir}/src/main.js`;

export interface LoanStackOptions {
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
  /** Extra environment for every process (rate limits, review timeout, seeds). */
  readonly env?: Readonly<Record<string, string>>;
  readonly onProgress?: (message: string) => void;
}

/** The loan vertical running as real processes, with what a client needs to drive it. */
export interface LoanStack {
  readonly url: string;
  readonly dataSource: DataSource;
  /** `LoanDecided` consumed from the bus, with the moment each arrived. */
  readonly decisions: DecisionCollector;
  readonly processes: readonly BuiltProcess[];
  token(role: 'intake' | 'underwriter' | 'auditor', tenant: string): Promise<string>;
  /** Stops the processes and the feed; `removeTopology` also deletes the run's queues and exchanges. */
  stop(options?: { readonly removeTopology?: boolean }): Promise<void>;
}

/**
 * Starts the loan app from its build (`npm run build`) as the bench and the demo drive it: the
 * API on a free port, workers beside it, the decision feed on the bus, and tokens signed with the
 * key the API keeps in the database (what `npm run token` does).
 *
 * @example
 * const stack = await startLoanStack({ databaseUrl, schema: 'loan_demo', rabbitmqUrl, namespace: 'demo', auditKeyHex, layout: 'split', workers: 1 });
 */
export async function startLoanStack(options: LoanStackOptions): Promise<LoanStack> {
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
  const topology = loanVertical.topology(options.namespace);
  try {
    if (options.layout === 'all') {
      options.onProgress?.('starting the loan app (ROLE=all)');
      processes.push(
        await startBuiltProcess({
          entry: ENTRY,
          name: 'loan-all',
          env: { ...env, ROLE: 'all' },
          ready: { outputMatches: /loan api ready/ },
          timeoutMs: 60_000,
        }),
      );
    } else {
      options.onProgress?.('starting the loan API (ROLE=api)');
      processes.push(
        await startBuiltProcess({
          entry: ENTRY,
          name: 'loan-api',
          env: { ...env, ROLE: 'api' },
          ready: { outputMatches: /loan api ready/ },
          timeoutMs: 60_000,
        }),
      );
      for (let index = 0; index < (options.workers ?? 1); index++) {
        options.onProgress?.(`starting loan worker ${index + 1} (ROLE=worker)`);
        const metricsPort = await freePort();
        processes.push(
          await startBuiltProcess({
            entry: ENTRY,
            name: `loan-worker-${index + 1}`,
            env: { ...env, ROLE: 'worker', METRICS_PORT: String(metricsPort) },
            ready: { outputMatches: /loan worker ready/ },
            timeoutMs: 60_000,
          }),
        );
      }
    }
    await declareTopology(connection, topology);
    const decisions = collectDecisions(connection, topology);
    const dataSource = await openStateStore({
      url: options.databaseUrl,
      schema: options.schema,
      poolSize: 4,
      migrations: loanVertical.migrations,
    });
    const tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
    return {
      url: `http://127.0.0.1:${port}`,
      dataSource,
      decisions,
      processes,
      token: (role, tenant) => tokens.issue({ role, tenant, subject: `${role}@${tenant}` }),
      async stop(stopOptions = {}) {
        await decisions.close();
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
