import { DataSource } from 'typeorm';
import { AuditKey, GENESIS_HASH } from './event-hash';
import type { EventRow } from '../event-store/event-row';

/** What verification found wrong first, at which version. */
export type AuditProblem = 'changed' | 'deleted' | 'inserted' | 'reordered' | 'truncated';

export type StreamVerification =
  | { readonly streamId: string; readonly verified: true; readonly events: number }
  | {
      readonly streamId: string;
      readonly verified: false;
      readonly problem: AuditProblem;
      readonly version: number;
      readonly detail: string;
    };

type Row = Omit<EventRow, 'position' | 'transaction_id' | 'stream_id'>;

/**
 * Re-computes a stream's hash chain and compares it with the stream head. Reports the first
 * changed, deleted, inserted or reordered event, or a truncated tail.
 *
 * @example
 * const result = await verifyStream(dataSource, key, 'loan-42');
 * if (!result.verified) process.stderr.write(`${result.problem} at version ${result.version}\n`);
 */
export async function verifyStream(
  dataSource: DataSource,
  key: AuditKey,
  streamId: string,
): Promise<StreamVerification> {
  const rows: Row[] = await dataSource.query(
    `SELECT version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash
       FROM events WHERE stream_id = $1 ORDER BY version, position`,
    [streamId],
  );
  const heads: Array<{ version: string; last_hash: string }> = await dataSource.query(
    'SELECT version, last_hash FROM stream_heads WHERE stream_id = $1',
    [streamId],
  );
  const head = heads[0] ? { version: Number(heads[0].version), hash: heads[0].last_hash } : null;
  const fail = (problem: AuditProblem, version: number, detail: string): StreamVerification => ({
    streamId,
    verified: false,
    problem,
    version,
    detail,
  });

  const hashAt = (row: Row, version: number) =>
    key.hashEvent({
      streamId,
      version,
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
      occurredAt: row.occurred_at.toISOString(),
      prevHash: row.prev_hash,
    });

  let prevHash = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const expected = index + 1;
    const version = Number(row.version);
    if (head && version > head.version)
      return fail('inserted', version, `event ${row.event_id} is beyond the stream head (version ${head.version})`);
    if (version > expected) return fail('deleted', expected, `version ${expected} is missing`);
    if (version < expected) return fail('inserted', version, `a second event claims version ${version}`);
    if (hashAt(row, version) !== row.hash) {
      const original = rows.findIndex((_candidate, at) => hashAt(row, at + 1) === row.hash);
      return original >= 0
        ? fail('reordered', version, `event ${row.event_id} belongs at version ${original + 1}`)
        : fail('changed', version, `event ${row.event_id} does not match its hash`);
    }
    if (row.prev_hash !== prevHash) {
      return fail('inserted', version, `event ${row.event_id} does not follow the event before it`);
    }
    prevHash = row.hash;
  }

  if (!head) {
    return rows.length === 0
      ? fail('truncated', 0, 'stream does not exist')
      : fail('inserted', 1, 'events exist without a stream head');
  }
  if (rows.length < head.version) {
    const problem = rows.length === 0 ? 'truncated' : 'deleted';
    return fail(
      problem,
      rows.length + 1,
      `the head says version ${head.version}, the last event found is ${rows.length}`,
    );
  }
  if (head.hash !== prevHash) return fail('changed', head.version, 'the last event does not match the stream head');
  return { streamId, verified: true, events: rows.length };
}

/** Every stream the store knows of (heads and events both), verified one by one. */
export async function verifyAllStreams(dataSource: DataSource, key: AuditKey): Promise<StreamVerification[]> {
  const rows: Array<{ stream_id: string }> = await dataSource.query(
    'SELECT stream_id FROM stream_heads UNION SELECT DISTINCT stream_id FROM events ORDER BY 1',
  );
  const results: StreamVerification[] = [];
  for (const row of rows) results.push(await verifyStream(dataSource, key, row.stream_id));
  return results;
}
