import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { throwError, Observable } from 'rxjs';
import { PROBLEM_CONTENT_TYPE } from './problem-document';
import { problemFromError } from './problem-from-error';

/** The parts of Express's request and response this filter uses. */
interface ProblemRequest {
  readonly originalUrl?: string;
  readonly url?: string;
  readonly method?: string;
}
interface ProblemResponse {
  readonly headersSent: boolean;
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * Answers every error of an HTTP request with an RFC 9457 problem document
 * (`application/problem+json`), `instance` set to the request path (never the query string).
 * Nest's HTTP exceptions keep their status; Express body-parser errors become 400 / 413 / 415;
 * a `ContractViolation` becomes 400 with its issues as `errors`; idempotency conflicts become 409
 * (with `Retry-After` while the first request runs); anything unknown becomes a 500 with a
 * generic detail and is logged with its stack. Outside HTTP (a hybrid app's message handlers)
 * the error is passed on untouched, so the transport can retry or dead-letter it.
 *
 * @example app.useGlobalFilters(new ProblemDetailsFilter());
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() !== 'http') return throwError(() => error);
    const http = host.switchToHttp();
    const request = http.getRequest<ProblemRequest>();
    const response = http.getResponse<ProblemResponse>();
    const { problem, headers, fault } = problemFromError(error);
    const instance = (request.originalUrl ?? request.url ?? '').split('?')[0] || undefined;
    if (fault) {
      this.logger.error(
        `${request.method ?? 'HTTP'} ${instance ?? ''} failed with ${problem.status}`,
        error instanceof Error ? error.stack : String(error),
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.setHeader('Cache-Control', 'no-store');
    response.status(problem.status).end(JSON.stringify({ ...problem, ...(instance ? { instance } : {}) }));
  }
}
