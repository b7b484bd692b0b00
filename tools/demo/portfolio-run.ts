import { performance } from 'node:perf_hooks';
import { LoanApplication } from '@baton/loan-underwriting-contracts';
import type { PortfolioEntry } from '@baton/loan-underwriting-feature';
import type { Decided } from '@baton/loan-underwriting-feature/testing';
import type { LoanStack } from '../loan/loan-stack';
import { runIdOf } from './event-store-figures';
import { LoanApiClient } from './loan-api-client';
import { ProgressBar } from './progress-bar';
import { ReferralWatch, Stopped } from './referral-watch';
import { SimulatedUnderwriter } from './simulated-underwriter';

const DECISION_TIMEOUT_MS = 180_000;

/** One application of a run over HTTP, from submit to its final decision. */
export interface SubmissionRecord {
  readonly index: number;
  readonly httpStatus: number;
  readonly applicationId: string | null;
  /** `performance.now()` at submit. */
  readonly submittedAt: number;
  /** How the automated part ended: a 400, `LoanDecided`, a referral to an underwriter, or a failed run. */
  readonly settled: 'rejected' | 'decided' | 'referred' | 'failed';
  /** `performance.now()` when it settled: the 400, the decision consumed from the bus, the referral seen in the event store. */
  readonly settledAt: number;
  /** For a referral: the run's start to its referral, by the event store's timestamps. */
  readonly referredAfterMs: number | null;
  /** The final decision (after the underwriter's review for a referral). */
  readonly decision: Decided | null;
  /** `performance.now()` when the final decision arrived. */
  readonly decidedAt: number | null;
}

/** A portfolio submitted to a running stack, with the underwriter's reviews. */
export interface PortfolioRun {
  readonly tenant: string;
  readonly records: readonly SubmissionRecord[];
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** First submit to the last application settled (referrals count until referred, not until reviewed). */
  readonly automatedWallMs: number;
  readonly reviews: number;
  /** Requests sent again after a connection failed before any answer (reads and keyed submissions only). */
  readonly connectionRetries: number;
}

export interface SubmitPortfolioOptions {
  readonly stack: LoanStack;
  /** The stack's schema, where the referral watch reads. */
  readonly schema: string;
  readonly entries: readonly PortfolioEntry[];
  readonly tenant: string;
  /** Applications in flight at once: each lane submits one, waits until it settles, then takes the next. */
  readonly concurrency: number;
  /** The outside systems' seed, for the underwriter's bureau pull. */
  readonly seed: number;
  readonly idempotencyPrefix: string;
  readonly label: string;
}

type Settled = { readonly kind: 'decided'; readonly at: number; readonly decision: Decided } | Stopped;

/** Waits for `LoanDecided` on the bus, or for the run to go to an underwriter (or fail) instead. */
async function settle(stack: LoanStack, watch: ReferralWatch, tenant: string, applicationId: string): Promise<Settled> {
  const runId = runIdOf(tenant, applicationId);
  const decided = stack.decisions
    .next(applicationId, DECISION_TIMEOUT_MS)
    .then((arrived): Settled => ({ kind: 'decided', at: arrived.at, decision: arrived.decision }));
  const stopped = watch.whenStopped(runId);
  // The loser of the race is abandoned: a decision's timeout after a referral means nothing.
  decided.catch(() => undefined);
  try {
    return await Promise.race([decided, stopped]);
  } finally {
    watch.forget(runId);
  }
}

/**
 * Warms a freshly started stack up (connection pools, compiled policies, the JIT) with a few
 * applications of its own tenant, so the timed run measures the steady state, not the start.
 * The entries must be clean: each is awaited until `LoanDecided`.
 */
export async function warmUp(
  stack: LoanStack,
  entries: readonly PortfolioEntry[],
  tenant: string,
  concurrency: number,
): Promise<void> {
  const client = new LoanApiClient(stack.url, {
    intake: await stack.token('intake', tenant),
    underwriter: await stack.token('underwriter', tenant),
  });
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < entries.length; index = next++) {
      const submitted = await client.submit(`warmup-${index}`, (entries[index] as PortfolioEntry).body);
      if (submitted.applicationId) await stack.decisions.next(submitted.applicationId, DECISION_TIMEOUT_MS);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, lane));
}

/**
 * Submits a portfolio over HTTP with `concurrency` applications in flight, times each from submit
 * to its `LoanDecided` consumed from the bus, hands referrals to a simulated underwriter as they
 * are seen, and waits for every final decision. Progress goes to stderr.
 */
export async function submitPortfolio(options: SubmitPortfolioOptions): Promise<PortfolioRun> {
  const { stack, entries, tenant } = options;
  let connectionRetries = 0;
  const client = new LoanApiClient(
    stack.url,
    { intake: await stack.token('intake', tenant), underwriter: await stack.token('underwriter', tenant) },
    (problem) => {
      connectionRetries += 1;
      process.stderr.write(`\n${options.label}: ${problem}; sending it again\n`);
    },
  );
  const underwriter = new SimulatedUnderwriter(client, options.seed);
  const watch = new ReferralWatch(stack.dataSource, options.schema);
  const bar = new ProgressBar(options.label, entries.length);
  const counts = { decided: 0, referred: 0, rejected: 0, failed: 0 };
  const settledRecords: Array<Omit<SubmissionRecord, 'decision' | 'decidedAt'> & { decision: Decided | null }> = [];
  const startedAt = new Date();
  const began = performance.now();
  let next = 0;

  const lane = async () => {
    for (let index = next++; index < entries.length; index = next++) {
      const entry = entries[index] as PortfolioEntry;
      const submittedAt = performance.now();
      const submitted = await client.submit(`${options.idempotencyPrefix}-${entry.index}`, entry.body);
      const base = {
        index: entry.index,
        httpStatus: submitted.status,
        applicationId: submitted.applicationId,
        submittedAt,
      };
      if (submitted.applicationId === null) {
        settledRecords.push({
          ...base,
          settled: 'rejected',
          settledAt: performance.now(),
          referredAfterMs: null,
          decision: null,
        });
        counts.rejected += 1;
      } else {
        const settled = await settle(stack, watch, tenant, submitted.applicationId);
        if (settled.kind === 'decided') {
          settledRecords.push({
            ...base,
            settled: 'decided',
            settledAt: settled.at,
            referredAfterMs: null,
            decision: settled.decision,
          });
        } else {
          settledRecords.push({
            ...base,
            settled: settled.kind,
            settledAt: settled.at,
            referredAfterMs: settled.afterMs,
            decision: null,
          });
          if (settled.kind === 'referred')
            underwriter.refer(submitted.applicationId, LoanApplication.parse(entry.body));
        }
        counts[settled.kind] += 1;
      }
      bar.update(
        settledRecords.length,
        `${counts.decided} decided, ${counts.referred} referred, ${counts.rejected} rejected (400)${counts.failed ? `, ${counts.failed} failed` : ''}`,
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, entries.length) }, lane));
  } finally {
    watch.close();
  }
  const automatedWallMs = Math.max(...settledRecords.map((record) => record.settledAt)) - began;
  bar.finish(
    `${counts.decided} decided, ${counts.referred} referred, ${counts.rejected} rejected (400)${counts.failed ? `, ${counts.failed} failed` : ''} in ${(automatedWallMs / 1000).toFixed(1)} s`,
  );

  const reviews = await underwriter.drain();
  const records = await Promise.all(
    settledRecords
      .sort((a, b) => a.index - b.index)
      .map(async (record): Promise<SubmissionRecord> => {
        if (record.settled !== 'referred' || record.applicationId === null)
          return { ...record, decidedAt: record.decision ? record.settledAt : null };
        const arrived = await stack.decisions.next(record.applicationId, DECISION_TIMEOUT_MS);
        return { ...record, decision: arrived.decision, decidedAt: arrived.at };
      }),
  );
  return {
    tenant,
    records,
    startedAt,
    endedAt: new Date(),
    automatedWallMs,
    reviews: reviews.length,
    connectionRetries,
  };
}
