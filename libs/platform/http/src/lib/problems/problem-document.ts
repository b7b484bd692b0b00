import { STATUS_CODES } from 'node:http';

/** One invalid field of a request: where (`applicant.ssn`), which rule, and why. */
export interface FieldProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * An RFC 9457 problem document, the body of every error response (`application/problem+json`).
 * `type` is `about:blank` unless a more specific one is given; `instance` is the request path.
 */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The reason phrase of an HTTP status (`404` → `Not Found`), used as a problem's default title. */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
