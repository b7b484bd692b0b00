import type { DataSource, EntityManager } from 'typeorm';
import {
  enqueueOutbox,
  NewEvent,
  OutboxDispatcher,
  OutboxMessage,
  outboxStatementPart,
  OutboxTicket,
  PostgresEventStore,
  StatementParams,
} from '@baton/state-store';
import { scheduleTimer, settleTimers, settleTimersCte, timersInsertCte } from './postgres-timers';
import type {
  DurableTimer,
  RunCommit,
  RunProjection,
  RunQuery,
  RunStore,
  RunSummary,
  StoredRunRecord,
  TimerKind,
} from '../ports/run-store.port';
import type { RunStatus } from '../run/run-state';

type TimerRow = { run_id: string; step_id: string; visit: number; epoch: number; attempt: number; kind: TimerKind };

/**
 * The engine's runs on PostgreSQL: run streams in the event store (hash-chained, personal fields
 * sealed), the `workflow_runs` projection, `workflow_timers` and the outbox. A commit without
 * another run to start is one statement (events, head, outbox rows, projection, timers, settled
 * timers as CTEs guarded by the stream head's move: no BEGIN and COMMIT round trips); otherwise,
 * or when the head is not known, one transaction. With a dispatcher, a commit's messages are
 * published right after it; the outbox relay takes any it could not.
 *
 * @example const runs = new PostgresRunStore(dataSource, events, new OutboxDispatcher(dataSource, publisher));
 */
export class PostgresRunStore implements RunStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: PostgresEventStore,
    private readonly dispatcher: OutboxDispatcher | null = null,
  ) {}

  async read(runId: string, fromVersion: number): Promise<StoredRunRecord[]> {
    const stored = await this.events.readStream(runId, fromVersion);
    return stored.map((event) => ({
      version: event.version,
      type: event.type,
      data: event.data,
      occurredAt: event.occurredAt,
    }));
  }

  async commit(commit: RunCommit): Promise<void> {
    if (commit.started.length === 0) {
      const ticket = await this.commitInOneStatement(commit);
      if (ticket !== false) {
        // Not awaited: the run moves on while the broker confirms; the relay covers a failure.
        if (ticket) void this.dispatcher?.dispatch(ticket);
        return;
      }
    }
    let ticket: OutboxTicket | null = null;
    await this.dataSource.transaction(async (tx) => {
      for (const batch of [commit.run, ...commit.started]) {
        await this.events.append(batch.runId, batch.expected, batch.events as NewEvent[], tx);
        await project(tx, batch.projection);
      }
      if (this.dispatcher && commit.outbox.length > 0) ticket = await this.dispatcher.enqueue(tx, commit.outbox);
      else await enqueueOutbox(tx, commit.outbox);
      if (commit.settled) await settleTimers(tx, commit.settled);
      for (const { timer, dueAt } of commit.timers) await scheduleTimer(tx, timer, dueAt);
    });
    if (ticket) void this.dispatcher?.dispatch(ticket);
  }

  async query(query: RunQuery): Promise<RunSummary[]> {
    const rows: Array<{ run_id: string; workflow_id: string; status: RunStatus; updated_at: Date }> =
      await this.dataSource.query(
        `SELECT run_id, workflow_id, status, updated_at FROM workflow_runs
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR workflow_id = $2)
          AND ($3::timestamptz IS NULL OR updated_at >= $3) AND ($4::timestamptz IS NULL OR updated_at < $4)
          AND ($6::text IS NULL OR tenant_id = $6)
        ORDER BY updated_at DESC, run_id LIMIT $5`,
        [
          query.status ?? null,
          query.workflowId ?? null,
          query.updatedAfter ?? null,
          query.updatedBefore ?? null,
          query.limit ?? 100,
          query.tenantId ?? null,
        ],
      );
    return rows.map((row) => ({
      runId: row.run_id,
      workflowId: row.workflow_id,
      status: row.status,
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  /**
   * One short statement (`FOR UPDATE SKIP LOCKED`, then a lease): rows another poller is claiming
   * at this instant are skipped, not waited for, and no transaction stays open while they fire.
   */
  async claimDueTimers(now: Date, limit: number, leaseMs: number): Promise<DurableTimer[]> {
    const rows: TimerRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE workflow_timers SET claimed_until = now() + $3 * interval '1 millisecond'
          WHERE (run_id, step_id, visit, epoch, attempt, kind) IN (
            SELECT run_id, step_id, visit, epoch, attempt, kind FROM workflow_timers
             WHERE fired_at IS NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING run_id, step_id, visit, epoch, attempt, kind, due_at)
       SELECT run_id, step_id, visit, epoch, attempt, kind FROM claimed ORDER BY due_at`,
      [now.toISOString(), limit, leaseMs],
    );
    return rows.map((row) => ({
      runId: row.run_id,
      stepId: row.step_id,
      visit: row.visit,
      epoch: row.epoch,
      attempt: row.attempt,
      kind: row.kind,
    }));
  }

  async markTimerFired(timer: DurableTimer): Promise<void> {
    await this.dataSource.query(
      'UPDATE workflow_timers SET fired_at = now() WHERE run_id = $1 AND step_id = $2 AND visit = $3 AND epoch = $4 AND attempt = $5 AND kind = $6 AND fired_at IS NULL',
      [timer.runId, timer.stepId, timer.visit, timer.epoch, timer.attempt, timer.kind],
    );
  }

  /**
   * The commit as one statement, when the event store knows the stream's head. Returns the
   * dispatch ticket (null when there is nothing to dispatch), or false when the statement did not
   * apply: the caller then commits in a transaction, where a real conflict becomes `ConcurrencyError`.
   */
  private async commitInOneStatement(commit: RunCommit): Promise<OutboxTicket | null | false> {
    const { run, outbox: messages, timers, settled } = commit;
    const params = new StatementParams();
    const append = await this.events.prepareAppend(params, run.runId, run.expected, run.events as NewEvent[]);
    if (!append) return false;
    const ctes = [...append.ctes];
    let outbox: { cte: string; ticket(positions: readonly number[]): OutboxTicket } | null = null;
    if (messages.length > 0) {
      const options = { alias: 'baton_outbox', guard: append.guard };
      outbox = outboxStatementPart(params, messages as OutboxMessage[], options, this.dispatcher);
      ctes.push(outbox.cte);
    }
    ctes.push(projectionCte(params, run.projection, append.guard));
    if (timers.length > 0) ctes.push(timersInsertCte(params, timers, append.guard));
    if (settled) ctes.push(settleTimersCte(params, settled, append.guard));
    const rows: Array<{ applied: number; positions: string[] | null }> = await this.dataSource.query(
      `WITH ${ctes.join(',\n')}
       SELECT (SELECT count(*) FROM ${append.guard})::int AS applied, ${outbox ? '(SELECT array_agg(position) FROM baton_outbox)' : 'NULL::bigint[]'} AS positions`,
      params.values,
    );
    const applied = (rows[0]?.applied ?? 0) > 0;
    append.settle(applied);
    if (!applied) return false;
    return outbox && this.dispatcher ? outbox.ticket((rows[0]?.positions ?? []).map(Number)) : null;
  }
}

const PROJECTION_CASTS = ['text', 'text', 'integer', 'text', 'text', 'text', 'bigint', 'timestamptz', 'timestamptz'];

function projectionValues(row: RunProjection): unknown[] {
  return [
    row.runId,
    row.workflowId,
    row.version,
    row.tenantId,
    row.status,
    row.currentStep,
    row.streamVersion,
    row.startedAt,
    row.updatedAt,
  ];
}

/** The projection row's upsert as a CTE of a one-statement commit, written only if `guard` applied. */
function projectionCte(params: StatementParams, row: RunProjection, guard: string): string {
  const values = projectionValues(row).map((value, index) => params.add(value, PROJECTION_CASTS[index]));
  return `baton_projection AS (INSERT INTO workflow_runs (run_id, workflow_id, version, tenant_id, status, current_step, stream_version, started_at, updated_at)
     SELECT ${values.join(', ')} WHERE EXISTS (SELECT 1 FROM ${guard})
     ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, current_step = EXCLUDED.current_step,
       stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at RETURNING 1)`;
}

async function project(tx: EntityManager, row: RunProjection): Promise<void> {
  await tx.query(
    `INSERT INTO workflow_runs (run_id, workflow_id, version, tenant_id, status, current_step, stream_version, started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, current_step = EXCLUDED.current_step,
       stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at`,
    projectionValues(row),
  );
}
