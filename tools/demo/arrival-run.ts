import { performance } from 'node:perf_hooks';
import { EncounterAccepted, TriageAssigned } from '@baton/patient-triage-contracts';
import type { SyntheticArrival } from '@baton/patient-triage-feature';
import type { PayloadOf } from '@baton/contracts';
import type { VerticalStack } from '../stack/vertical-stack';
import { sendRequest } from './http-send';
import { inLanes } from './in-lanes';
import { ProgressBar } from './progress-bar';

const ASSIGNMENT_TIMEOUT_MS = 60_000;

export type Assigned = PayloadOf<typeof TriageAssigned>;

/** One arrival over HTTP: the API's answer, and when its `TriageAssigned` was consumed from the bus. */
export interface ArrivalRecord {
  readonly index: number;
  readonly httpStatus: number;
  /** The API's resource id (`enc-...`), null for a refused body. */
  readonly id: string | null;
  /** `performance.now()` at POST. */
  readonly submittedAt: number;
  /** `performance.now()` when `TriageAssigned` arrived; null if it never did. */
  readonly assignedAt: number | null;
  /** What the bus said (kept only to compare with the event store; the report reads the store). */
  readonly published: Assigned | null;
}

export interface ArrivalRun {
  readonly tenant: string;
  readonly records: readonly ArrivalRecord[];
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** First POST to the last `TriageAssigned`. */
  readonly wallMs: number;
  readonly connectionRetries: number;
}

/**
 * Posts the arrivals to `POST /v1/encounters` as a triage nurse of `tenant`, `concurrency` in
 * flight (each lane waits for its encounter's `TriageAssigned` before the next), with progress on
 * stderr. `idempotencyPrefix` keys each POST, so a resent one is the same submission.
 */
export async function postArrivals(options: {
  readonly stack: VerticalStack<Assigned>;
  readonly arrivals: readonly SyntheticArrival[];
  readonly tenant: string;
  readonly concurrency: number;
  readonly idempotencyPrefix: string;
  readonly label: string;
  /** No progress bar (the warm-up). */
  readonly quiet?: boolean;
}): Promise<ArrivalRun> {
  const { stack, arrivals, tenant } = options;
  const token = await stack.token('triage-nurse', tenant);
  let connectionRetries = 0;
  const bar = options.quiet ? null : new ProgressBar(options.label, arrivals.length);
  const counts = { assigned: 0, esi12: 0, refused: 0, missing: 0 };
  const startedAt = new Date();
  const began = performance.now();
  const records = await inLanes(arrivals, options.concurrency, async (arrival): Promise<ArrivalRecord> => {
    const submittedAt = performance.now();
    const response = await sendRequest(
      `${stack.url}/v1/encounters`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `${options.idempotencyPrefix}-${arrival.index}`,
        },
        body: JSON.stringify(arrival.encounter),
      },
      true,
      (problem) => {
        connectionRetries += 1;
        process.stderr.write(`\n${options.label}: ${problem}; sending it again\n`);
      },
    );
    const answer: unknown = await response.json();
    let record: ArrivalRecord;
    if (response.status === 202) {
      const id = EncounterAccepted.parse(answer).id;
      const arrived = await stack.published
        .next(arrival.encounter.encounterId, ASSIGNMENT_TIMEOUT_MS)
        .catch(() => null);
      record = {
        index: arrival.index,
        httpStatus: 202,
        id,
        submittedAt,
        assignedAt: arrived?.at ?? null,
        published: arrived?.payload ?? null,
      };
      if (arrived) {
        counts.assigned += 1;
        if (arrived.payload.esi <= 2) counts.esi12 += 1;
      } else counts.missing += 1;
    } else if (response.status >= 400 && response.status < 500) {
      counts.refused += 1;
      record = {
        index: arrival.index,
        httpStatus: response.status,
        id: null,
        submittedAt,
        assignedAt: null,
        published: null,
      };
    } else throw new Error(`POST /v1/encounters answered ${response.status}: ${JSON.stringify(answer)}`);
    bar?.update(
      counts.assigned + counts.refused + counts.missing,
      `${counts.assigned} assigned (${counts.esi12} ESI 1-2)${counts.refused ? `, ${counts.refused} refused` : ''}${counts.missing ? `, ${counts.missing} never assigned` : ''}`,
    );
    return record;
  });
  const wallMs = Math.max(began, ...records.map((record) => record.assignedAt ?? record.submittedAt)) - began;
  bar?.finish(
    `${counts.assigned} assigned (${counts.esi12} ESI 1-2)${counts.refused ? `, ${counts.refused} refused` : ''}${counts.missing ? `, ${counts.missing} never assigned` : ''} in ${(wallMs / 1000).toFixed(1)} s`,
  );
  return { tenant, records, startedAt, endedAt: new Date(), wallMs, connectionRetries };
}
