import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { ObservabilityError } from '../errors';

/**
 * Writes an {@link ObservabilityError} as an RFC 9457 problem (`application/problem+json`),
 * naming each invalid field in `errors`.
 */
/** The parts of Express's response this filter uses. */
interface ProblemResponse {
  status(code: number): ProblemResponse;
  type(contentType: string): ProblemResponse;
  send(body: unknown): unknown;
}

@Catch(ObservabilityError)
export class ProblemDetailsFilter implements ExceptionFilter<ObservabilityError> {
  catch(error: ObservabilityError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<ProblemResponse>();
    const request = http.getRequest<{ originalUrl?: string }>();
    response
      .status(error.httpStatus)
      .type('application/problem+json')
      .send({
        type: `urn:baton:problem:${error.code.toLowerCase().replace(/_/g, '-')}`,
        title: error.code === 'INVALID_KPI_QUERY' ? 'Invalid KPI query' : 'KPIs are not configured',
        status: error.httpStatus,
        detail: error.message,
        instance: request.originalUrl,
        errors: error.issues,
      });
  }
}
