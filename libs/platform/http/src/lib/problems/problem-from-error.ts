import { HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { isBatonError, isContractViolation } from '@baton/contracts';
import { isStateStoreError } from '@baton/state-store';
import { ProblemDocument, statusTitle } from './problem-document';
import { isProblemException } from './problem.exception';

/** How one error is answered: the document (without `instance`), extra headers, and whether to log it as a fault. */
export interface ProblemAnswer {
  readonly problem: ProblemDocument;
  readonly headers: Readonly<Record<string, string>>;
  /** A 5xx: the server's fault, logged with its stack; the caller sees only a generic detail. */
  readonly fault: boolean;
}

const GENERIC_DETAIL = 'The server could not complete the request. It has been logged; try again later.';

/**
 * Maps anything a request can throw onto a problem document. Only errors Baton raises on purpose
 * show their detail; an unknown error becomes a generic 500 and never leaks its message or stack.
 *
 * @example problemFromError(new NotFoundException()).problem.status // 404
 */
export function problemFromError(error: unknown): ProblemAnswer {
  if (isProblemException(error)) return answer(error.problem, error.headers);
  if (error instanceof ThrottlerException) {
    // The guard has already set Retry-After on the response; the filter leaves it there.
    return answer(
      document(429, 'Too many requests for this tenant: retry after the number of seconds in Retry-After.'),
    );
  }
  if (error instanceof HttpException) return answer(document(error.getStatus(), httpExceptionDetail(error)));
  const bodyError = bodyParserProblem(error);
  if (bodyError) return answer(bodyError);
  if (isContractViolation(error)) {
    const errors = error.issues.map((issue) => ({
      field: issue.path || '(body)',
      rule: issue.rule,
      message: issue.message,
    }));
    return answer({
      ...document(400, `The request does not meet the ${error.messageType} contract.`),
      title: 'Invalid request',
      errors,
    });
  }
  if (isStateStoreError(error)) {
    const conflict = stateStoreConflict(error);
    if (conflict) return conflict;
  }
  if (isBatonError(error)) return batonErrorProblem(error);
  return { problem: document(500, GENERIC_DETAIL), headers: {}, fault: true };
}

/**
 * Any other error a library raises on purpose answers with the status its catalogue gives the
 * code: a 4xx shows its message (written for the caller) and code; a 5xx only a generic detail.
 */
function batonErrorProblem(error: {
  code: string;
  httpStatus: number;
  message: string;
  retryable: boolean;
}): ProblemAnswer {
  const status = error.httpStatus >= 400 && error.httpStatus < 600 ? error.httpStatus : 500;
  const type = `urn:baton:problem:${error.code.toLowerCase().replace(/_/g, '-')}`;
  if (status >= 500)
    return {
      problem: { ...document(status, GENERIC_DETAIL), type, code: error.code },
      headers: error.retryable ? { 'Retry-After': '1' } : {},
      fault: true,
    };
  return answer({ ...document(status, error.message), type, code: error.code });
}

function answer(problem: ProblemDocument, headers: Readonly<Record<string, string>> = {}): ProblemAnswer {
  return { problem, headers, fault: problem.status >= 500 };
}

function document(status: number, detail?: string): ProblemDocument {
  return { type: 'about:blank', title: statusTitle(status), status, ...(detail ? { detail } : {}) };
}

/** A Nest exception's own message, for 4xx only (a 5xx message may describe internals). */
function httpExceptionDetail(error: HttpException): string | undefined {
  if (error.getStatus() >= 500) return GENERIC_DETAIL;
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const text = Array.isArray(message)
    ? message.map(String).join('; ')
    : typeof message === 'string'
      ? message
      : undefined;
  return text && text !== statusTitle(error.getStatus()) ? text : undefined;
}

/** Express's body-parser raises http-errors with a `type`; their messages may quote the body, so none is shown. */
export function bodyParserProblem(error: unknown): ProblemDocument | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return {
        ...document(400, 'The request body is not valid JSON (or not a JSON object or array).'),
        title: 'Malformed JSON',
        // Named like any other bad field, so a client reads every 400 the same way.
        errors: [{ field: '(body)', rule: 'malformed_json', message: 'must be a JSON object or array' }],
      };
    case 'entity.too.large':
      return document(413, 'The request body is larger than this API accepts.');
    case 'encoding.unsupported':
      return document(415, 'The request body has a Content-Encoding this API does not accept.');
    case 'charset.unsupported':
      return document(415, 'The request body has a charset this API does not accept; send UTF-8.');
    default:
      return status >= 400 && status < 500 ? document(status) : undefined;
  }
}

const conflictDetails: Record<string, string> = {
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was already used with a different request body.',
  IDEMPOTENCY_REQUEST_IN_PROGRESS:
    'The first request with this Idempotency-Key is still running: retry after the number of seconds in Retry-After.',
  CONCURRENCY_CONFLICT: 'Another request changed this resource at the same time: retry.',
};

function stateStoreConflict(error: { code: string }): ProblemAnswer | undefined {
  const detail = conflictDetails[error.code];
  if (!detail) return undefined;
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  const headers: Record<string, string> =
    typeof retryAfter === 'number' ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfter))) } : {};
  return answer({ ...document(409, detail), code: error.code }, headers);
}
