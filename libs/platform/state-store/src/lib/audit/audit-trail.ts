import type { DataSource } from 'typeorm';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import type { AuditKey } from './event-hash';
import { verifyStream } from './verify-stream';

/** One event as an auditor sees it: sealed personal fields masked, its place in the chain shown. */
export interface AuditedEvent {
  readonly version: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: unknown;
  readonly hash: string;
  readonly prevHash: string;
}

/** A stream's events and whether its hash chain verifies (the first broken link when not). */
export interface StreamAuditTrail {
  readonly verified: boolean;
  readonly verification: {
    readonly eventsChecked: number;
    readonly firstProblem: { readonly version: number | null; readonly kind: string; readonly detail: string } | null;
  };
  readonly events: AuditedEvent[];
}

/**
 * A stream's audit trail, as every vertical's audit route shows it: the raw events (personal
 * fields stay ciphertext and are masked, never decrypted, so no subject key is needed) beside
 * the verification of their hash chain.
 *
 * @example
 * const trail = await auditTrail(dataSource, auditKey, run.runId);
 * if (!trail.verified) alert(trail.verification.firstProblem); // { version: 2, kind: 'changed', … }
 */
export async function auditTrail(dataSource: DataSource, key: AuditKey, streamId: string): Promise<StreamAuditTrail> {
  const [events, verification] = await Promise.all([
    new PostgresEventStore(dataSource, key).readStream(streamId),
    verifyStream(dataSource, key, streamId),
  ]);
  return {
    verified: verification.verified,
    verification: verification.verified
      ? { eventsChecked: verification.events, firstProblem: null }
      : {
          eventsChecked: events.length,
          firstProblem: { version: verification.version, kind: verification.problem, detail: verification.detail },
        },
    events: events.map((event) => ({
      version: event.version,
      type: event.type,
      occurredAt: event.occurredAt,
      data: PersonalDataCipher.mask(event.data),
      hash: event.hash,
      prevHash: event.prevHash,
    })),
  };
}
