import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands handler errors to the transport unchanged. Nest's default RPC filter turns any error
 * that is not an `RpcException` into `{ status: 'error', message: 'Internal server error' }`,
 * which would hide whether a `BatonError` is terminal or retryable; the transport needs the
 * original to reply, dead-letter or requeue correctly.
 *
 * @example
 * const app = await NestFactory.createMicroservice(AgentsModule, { strategy });
 * app.useGlobalFilters(new BatonRpcExceptionFilter());
 */
@Catch()
export class BatonRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
