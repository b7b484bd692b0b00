import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from '../problems/problem.exception';

const JSON_MEDIA_TYPE = /^application\/(?:json|[a-z0-9!#$&^_.-]+\+json)$/;
const METHODS_WITH_BODIES = new Set(['POST', 'PUT', 'PATCH']);

/** True for `application/json` and `application/<anything>+json`, parameters (charset) aside. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return JSON_MEDIA_TYPE.test(mediaType);
}

/** A body is coming when its length is positive or it is chunked (`Transfer-Encoding`). */
function hasNonEmptyBody(request: IncomingMessage): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(request.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * Express middleware: a POST, PUT or PATCH whose body is not JSON gets a 415 problem before any
 * parser reads it, so a form or plain-text body never reaches a handler as `{}`.
 */
export function requireJsonBodies(
  request: IncomingMessage,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  if (
    METHODS_WITH_BODIES.has(request.method ?? '') &&
    hasNonEmptyBody(request) &&
    !isJsonMediaType(request.headers['content-type'])
  ) {
    next(
      new ProblemException({
        status: 415,
        title: 'Unsupported Media Type',
        detail: 'Send the request body as application/json.',
      }),
    );
    return;
  }
  next();
}
