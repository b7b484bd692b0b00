import { StateStoreError } from '../errors';

/** The type of every access event; its data is an {@link AccessEventData}. */
export const ACCESS_RECORDED = 'baton.access.recorded';

/** Who acted: the token's subject and role (NIST AU-3 "identity"). */
export interface AccessActor {
  readonly subject: string;
  readonly role: string;
}

/** Where the request came from (AU-3 "where"); null when the transport does not say. */
export interface AccessOrigin {
  readonly address: string | null;
  readonly userAgent: string | null;
}

/** Whether the access went ahead (AU-3 "outcome"); a refusal says why, for the auditor. */
export type AccessOutcome = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * What was touched: one record (its own access stream) or a list of records shown at once (one
 * event in the tenant's daily list stream, naming every record id shown).
 */
export type AccessTarget =
  | { readonly kind: 'record'; readonly recordId: string; readonly view: string; readonly fields?: readonly string[] }
  | { readonly kind: 'list'; readonly view: string; readonly recordIds: readonly string[] };

/** One read or write of subject records, as a caller states it to `AccessLog.record`. */
export interface AccessEntry {
  readonly actor: AccessActor;
  readonly tenant: string;
  readonly action: 'read' | 'write';
  readonly target: AccessTarget;
  readonly origin: AccessOrigin;
  readonly outcome: AccessOutcome;
}

/** The stored form: flat, so an auditor's query reads it without knowing the union. */
export interface AccessEventData {
  readonly subject: string;
  readonly role: string;
  readonly tenant: string;
  readonly action: 'read' | 'write';
  readonly view: string;
  readonly recordIds: readonly string[];
  readonly fields: readonly string[] | null;
  readonly address: string | null;
  readonly userAgent: string | null;
  readonly outcome: 'allowed' | 'refused';
  readonly reason: string | null;
}

const MAX_TEXT = 200;
const MAX_RECORDS = 1_000;

/** The stream of one record's accesses. */
export function recordAccessStreamId(recordId: string): string {
  return `access:record:${recordId}`;
}

/** The stream of a tenant's list reads on one UTC day (`2026-12-07`). */
export function listAccessStreamId(tenant: string, day: string): string {
  return `access:list:${tenant}:${day}`;
}

/** Validates an entry and flattens it; a bad field is a 400-class error naming the field and the rule. */
export function toAccessEventData(entry: AccessEntry): AccessEventData {
  text('actor.subject', entry.actor.subject);
  text('actor.role', entry.actor.role);
  text('tenant', entry.tenant);
  text('target.view', entry.target.view);
  if (entry.action !== 'read' && entry.action !== 'write') invalid('action', 'must be read or write');
  const recordIds = entry.target.kind === 'record' ? [entry.target.recordId] : [...entry.target.recordIds];
  if (recordIds.length > MAX_RECORDS) invalid('target.recordIds', `must list at most ${MAX_RECORDS} records`);
  recordIds.forEach((id, at) =>
    text(entry.target.kind === 'record' ? 'target.recordId' : `target.recordIds[${at}]`, id),
  );
  const fields = entry.target.kind === 'record' && entry.target.fields ? [...entry.target.fields] : null;
  if (!entry.outcome.allowed) text('outcome.reason', entry.outcome.reason, 1_000);
  return {
    subject: entry.actor.subject,
    role: entry.actor.role,
    tenant: entry.tenant,
    action: entry.action,
    view: entry.target.view,
    recordIds,
    fields,
    address: clip(entry.origin.address),
    userAgent: clip(entry.origin.userAgent),
    outcome: entry.outcome.allowed ? 'allowed' : 'refused',
    reason: entry.outcome.allowed ? null : entry.outcome.reason,
  };
}

function text(field: string, value: unknown, max = MAX_TEXT): void {
  if (typeof value !== 'string' || value.length === 0) invalid(field, 'must be a non-empty string');
  if ((value as string).length > max) invalid(field, `must be at most ${max} characters`);
}

function clip(value: string | null): string | null {
  return value === null ? null : value.slice(0, MAX_TEXT);
}

function invalid(field: string, rule: string): never {
  throw new StateStoreError('ACCESS_ENTRY_INVALID', `access entry: ${field} ${rule}`);
}
