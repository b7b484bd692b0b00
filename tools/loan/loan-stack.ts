import type { DataSource } from 'typeorm';
import { LoanDecided } from '@baton/loan-underwriting-contracts';
import { decisionsFrom, type DecisionCollector } from '@baton/loan-underwriting-feature/testing';
import type { BuiltProcess } from '@baton/testing';
import { startVerticalStack, type VerticalStackOptions } from '../stack/vertical-stack';

export type LoanStackOptions = VerticalStackOptions;

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
 * platform's `startVerticalStack` with `LoanDecided` as the feed, read as decisions.
 *
 * @example
 * const stack = await startLoanStack({ databaseUrl, schema: 'loan_demo', rabbitmqUrl, namespace: 'demo', auditKeyHex, layout: 'split', workers: 1 });
 */
export async function startLoanStack(options: LoanStackOptions): Promise<LoanStack> {
  const stack = await startVerticalStack('loan', options, {
    message: LoanDecided,
    keyOf: (decided) => decided.applicationId,
  });
  return {
    url: stack.url,
    dataSource: stack.dataSource,
    decisions: decisionsFrom(stack.published),
    processes: stack.processes,
    token: (role, tenant) => stack.token(role, tenant),
    stop: (stopOptions) => stack.stop(stopOptions),
  };
}
