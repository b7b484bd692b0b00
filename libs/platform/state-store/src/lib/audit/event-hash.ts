import { createHmac } from 'node:crypto';
import { canonicalJson } from '@baton/contracts';
import { StateStoreError } from '../errors';

/** The predecessor hash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: all of them, its place in the stream included. */
export interface HashedEventFields {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
  readonly prevHash: string;
}

/**
 * The secret the audit chain is keyed by. It lives outside the database (an environment
 * variable or a key file), so someone who can rewrite rows cannot recompute the chain.
 */
export class AuditKey {
  private constructor(private readonly secret: Buffer) {}

  /** At least 32 bytes, given as hex or base64. */
  static from(encoded: string): AuditKey {
    const secret = /^[0-9a-f]+$/i.test(encoded) ? Buffer.from(encoded, 'hex') : Buffer.from(encoded, 'base64');
    if (secret.length < 32) {
      throw new StateStoreError(
        'AUDIT_KEY_INVALID',
        `the audit HMAC key must be at least 32 bytes (got ${secret.length})`,
      );
    }
    return new AuditKey(secret);
  }

  /**
   * HMAC-SHA256 over the RFC 8785 canonical JSON of the event, chained to its predecessor.
   *
   * @example const hash = key.hashEvent({ ...fields, prevHash: GENESIS_HASH });
   */
  hashEvent(fields: HashedEventFields): string {
    const canonical = canonicalJson({
      streamId: fields.streamId,
      version: fields.version,
      eventId: fields.eventId,
      type: fields.type,
      schemaVersion: fields.schemaVersion,
      data: fields.data,
      metadata: fields.metadata,
      occurredAt: fields.occurredAt,
      prevHash: fields.prevHash,
    });
    return createHmac('sha256', this.secret).update(canonical).digest('hex');
  }
}
