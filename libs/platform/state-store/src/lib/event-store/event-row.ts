/** A row of `events` as `pg` returns it. */
export interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}
