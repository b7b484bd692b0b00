import { HttpException } from '@nestjs/common';
import type { FieldProblem, ProblemDocument } from './problem-document';

/** What a {@link ProblemException} answers with. */
export interface ProblemInit {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  /** A URI naming the problem type; `about:blank` when absent. */
  readonly type?: string;
  readonly errors?: FieldProblem[];
  /** Response headers to send with it (`Retry-After`, `WWW-Authenticate`). */
  readonly headers?: Record<string, string>;
  /** Extra members of the document (RFC 9457 extensions), e.g. `{ checks: { postgres: 'down' } }`. */
  readonly extensions?: Record<string, unknown>;
}

/**
 * An HTTP error that {@link ProblemDetailsFilter} writes as an RFC 9457 problem document, with
 * its headers. Throw it from controllers, guards and pipes; its detail is shown to the caller,
 * so it must never hold secrets or personal data.
 *
 * @example
 * throw new ProblemException({ status: 404, title: 'Application not found', detail: `no application ${id}` });
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemDocument;
  readonly headers: Readonly<Record<string, string>>;

  constructor(problem: ProblemInit) {
    const document: ProblemDocument = {
      ...problem.extensions,
      type: problem.type ?? 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail === undefined ? {} : { detail: problem.detail }),
      ...(problem.errors === undefined ? {} : { errors: problem.errors }),
    };
    super(document, problem.status);
    this.problem = document;
    this.headers = problem.headers ?? {};
  }
}

/** True for a {@link ProblemException}, across package copies. */
export function isProblemException(value: unknown): value is ProblemException {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ProblemException>;
  return (
    typeof candidate.getStatus === 'function' &&
    typeof candidate.problem === 'object' &&
    typeof candidate.headers === 'object'
  );
}
