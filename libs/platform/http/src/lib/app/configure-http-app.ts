import type { IncomingMessage, ServerResponse } from 'node:http';
import { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemDetailsFilter } from '../problems/problem-details.filter';
import { bodyParserProblem } from '../problems/problem-from-error';
import { ProblemException } from '../problems/problem.exception';
import { isJsonMediaType, requireJsonBodies } from './json-media-type';

/** How an HTTP app reads requests. */
export interface HttpAppOptions {
  /** The largest JSON body accepted (bytes library syntax); larger ones get a 413 problem. Default `'64kb'`. */
  readonly bodyLimit?: string;
}

/**
 * Sets up an Express-based Nest app the way every Baton API answers: no `X-Powered-By`; JSON
 * bodies only (strict: objects and arrays), up to `bodyLimit`; a 415 problem for a POST, PUT or
 * PATCH with a non-JSON body; body-parser failures as 400 'Malformed JSON' / 413 / 415 problems;
 * and {@link ProblemDetailsFilter} for every error, unknown routes included (404).
 *
 * Call it before `app.listen()`, on an app created with `{ bodyParser: false }` so that Nest's
 * own parsers (100 kb JSON, urlencoded forms) are not installed beside this one; or use
 * {@link createHttpApp}, which does both.
 *
 * @example
 * const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bodyParser: false });
 * configureHttpApp(app, { bodyLimit: '64kb' });
 * await app.listen(3000);
 */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions = {}): void {
  app.disable('x-powered-by');
  app.use(requireJsonBodies);
  app.useBodyParser('json', {
    limit: options.bodyLimit ?? '64kb',
    strict: true,
    type: (request: IncomingMessage) => isJsonMediaType(request.headers['content-type']),
  });
  app.use(bodyParserErrorsAsProblems);
  app.useGlobalFilters(new ProblemDetailsFilter());
}

/**
 * Creates a Nest Express app with `{ bodyParser: false }` and applies {@link configureHttpApp}.
 *
 * @example
 * const app = await createHttpApp(ApiModule, { bodyLimit: '64kb', bufferLogs: true });
 * await app.listen(config.PORT);
 */
export async function createHttpApp(
  module: Parameters<typeof NestFactory.create>[0],
  options: HttpAppOptions & Omit<NestApplicationOptions, 'bodyParser'> = {},
): Promise<NestExpressApplication> {
  const { bodyLimit, ...nestOptions } = options;
  const app = await NestFactory.create<NestExpressApplication>(module, { ...nestOptions, bodyParser: false });
  configureHttpApp(app, { bodyLimit });
  return app;
}

/**
 * Nest turns a body-parser SyntaxError into a BadRequestException carrying the parser's message,
 * which quotes the body; translating here keeps the problem's own wording and status.
 */
function bodyParserErrorsAsProblems(
  error: unknown,
  _request: IncomingMessage,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const problem = bodyParserProblem(error);
  next(
    problem
      ? new ProblemException({
          status: problem.status,
          title: problem.title,
          detail: problem.detail,
          errors: problem.errors,
        })
      : error,
  );
}
