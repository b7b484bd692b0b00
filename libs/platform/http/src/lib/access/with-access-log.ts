import { isStateStoreError, type AccessLog, type AccessOrigin, type AccessTarget } from '@baton/state-store';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problems/problem.exception';
import { problemFromError } from '../problems/problem-from-error';

/** The parts of an HTTP request an access event records: the client address and user agent. */
export interface AccessRequest {
  readonly ip?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What a route touches: one record (`recordId`) or a list (`listed` names the records the answer shows). */
export type AccessedResource<T> = {
  readonly principal: Principal;
  readonly request: AccessRequest;
  readonly action?: 'read' | 'write';
  /** The view or use, e.g. `encounter`, `board`, `override`. */
  readonly view: string;
} & (
  | { readonly recordId: string; readonly fields?: readonly string[] | ((answer: T) => readonly string[]) }
  | { readonly listed: (answer: T) => readonly string[] }
);

/** The client's address and user agent from an Express-like request. */
export function accessOrigin(request: AccessRequest): AccessOrigin {
  const agent = request.headers['user-agent'];
  return { address: request.ip ?? null, userAgent: (Array.isArray(agent) ? agent[0] : agent) ?? null };
}

/**
 * Answers a route only once its access is in the access log: `handle` runs, then the access event
 * is appended, then the answer is returned. A refusal `handle` throws (any 4xx: 403, 404 for
 * another tenant's record, 409) is logged with its status and title and rethrown. If the event
 * cannot be stored the caller gets a 503 problem (`urn:baton:problem:access-log-unavailable`) and
 * sees nothing of the answer.
 *
 * @example
 * @Get(':id') get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: AccessRequest) {
 *   return withAccessLog(this.accessLog, { principal, request, view: 'encounter', recordId: id }, () => this.service.get(principal, id));
 * }
 */
export async function withAccessLog<T>(
  log: AccessLog,
  resource: AccessedResource<T>,
  handle: () => Promise<T>,
): Promise<T> {
  let answer: T;
  try {
    answer = await handle();
  } catch (error) {
    const { problem } = problemFromError(error);
    if (problem.status >= 400 && problem.status < 500) {
      await append(log, resource, { kind: 'refused', reason: `${problem.status} ${problem.title}` });
    }
    throw error;
  }
  await append(log, resource, { kind: 'allowed', answer });
  return answer;
}

/**
 * Records a refusal made before the route ran (the guard's 403), as `withAccessLog` records one
 * the route made; a 503 problem when it cannot be stored.
 */
export function recordRefusedAccess(log: AccessLog, resource: AccessedResource<never>, reason: string): Promise<void> {
  return append(log, resource, { kind: 'refused', reason });
}

async function append<T>(
  log: AccessLog,
  resource: AccessedResource<T>,
  result: { kind: 'allowed'; answer: T } | { kind: 'refused'; reason: string },
): Promise<void> {
  try {
    await log.record({
      actor: { subject: resource.principal.subject, role: resource.principal.role },
      tenant: resource.principal.tenant,
      action: resource.action ?? 'read',
      target: targetOf(resource, result.kind === 'allowed' ? result : null),
      origin: accessOrigin(resource.request),
      outcome: result.kind === 'allowed' ? { allowed: true } : { allowed: false, reason: result.reason },
    });
  } catch (error) {
    // A malformed entry (an over-long id in the path) is the caller's 400, naming the field.
    if (isStateStoreError(error) && error.code === 'ACCESS_ENTRY_INVALID') throw error;
    throw new ProblemException({
      status: 503,
      title: 'Access log unavailable',
      type: 'urn:baton:problem:access-log-unavailable',
      detail: 'The access could not be recorded, so it was not carried out. Try again later.',
      headers: { 'Retry-After': '1' },
      extensions: { code: 'ACCESS_LOG_UNAVAILABLE' },
    });
  }
}

function targetOf<T>(resource: AccessedResource<T>, allowed: { answer: T } | null): AccessTarget {
  if ('recordId' in resource) {
    const fields =
      typeof resource.fields === 'function' ? (allowed ? resource.fields(allowed.answer) : undefined) : resource.fields;
    return { kind: 'record', recordId: resource.recordId, view: resource.view, ...(fields ? { fields } : {}) };
  }
  return { kind: 'list', view: resource.view, recordIds: allowed ? resource.listed(allowed.answer) : [] };
}
