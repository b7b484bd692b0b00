import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { BatonError, ContractViolation } from '@baton/contracts';
import { ConcurrencyError, RequestInProgressError, StateStoreError } from '@baton/state-store';
import { ProblemException } from './problem.exception';
import { problemFromError } from './problem-from-error';

describe('problemFromError', () => {
  it('keeps a ProblemException as thrown, headers included', () => {
    const error = new ProblemException({
      status: 404,
      title: 'Application not found',
      detail: 'no application a-1',
      type: 'urn:baton:problem:not-found',
      headers: { 'X-Hint': 'x' },
    });
    expect(problemFromError(error)).toEqual({
      problem: {
        type: 'urn:baton:problem:not-found',
        title: 'Application not found',
        status: 404,
        detail: 'no application a-1',
      },
      headers: { 'X-Hint': 'x' },
      fault: false,
    });
  });

  it("maps Nest's HTTP exceptions to their status, titled by it", () => {
    expect(problemFromError(new NotFoundException('Cannot GET /nope')).problem).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nope',
    });
    expect(problemFromError(new NotFoundException()).problem).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
    });
    expect(problemFromError(new BadRequestException(['a is bad', 'b is bad'])).problem.detail).toBe(
      'a is bad; b is bad',
    );
    const unavailable = problemFromError(new ServiceUnavailableException('db at 10.0.0.5 refused'));
    expect(unavailable.problem.status).toBe(503);
    expect(unavailable.problem.detail).not.toContain('10.0.0.5');
  });

  it('maps a throttler exception to 429', () => {
    expect(problemFromError(new ThrottlerException()).problem).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
    });
  });

  it("maps body-parser errors by their type, never quoting the parser's message", () => {
    const error = (type: string, status: number) =>
      Object.assign(new Error(`secret body fragment`), { type, status, expose: true });
    expect(problemFromError(error('entity.parse.failed', 400)).problem).toMatchObject({
      status: 400,
      title: 'Malformed JSON',
      errors: [{ field: '(body)', rule: 'malformed_json' }],
    });
    expect(problemFromError(error('entity.too.large', 413)).problem).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
    });
    expect(problemFromError(error('encoding.unsupported', 415)).problem.status).toBe(415);
    expect(problemFromError(error('charset.unsupported', 415)).problem.status).toBe(415);
    expect(JSON.stringify(problemFromError(error('entity.parse.failed', 400)))).not.toContain('secret');
  });

  it('maps a ContractViolation to 400 with its issues as errors', () => {
    const violation = new ContractViolation('loan.application.submitted', [
      { path: 'applicant.ssn', rule: 'invalid_format', message: 'bad ssn' },
      { path: '', rule: 'custom', message: 'whole' },
    ]);
    expect(problemFromError(violation).problem).toMatchObject({
      status: 400,
      errors: [
        { field: 'applicant.ssn', rule: 'invalid_format', message: 'bad ssn' },
        { field: '(body)', rule: 'custom', message: 'whole' },
      ],
    });
  });

  it('maps idempotency conflicts to 409, with Retry-After while the first request runs', () => {
    expect(problemFromError(new StateStoreError('IDEMPOTENCY_KEY_REUSED', 'key k reused')).problem).toMatchObject({
      status: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    const inProgress = problemFromError(new RequestInProgressError(2.5));
    expect(inProgress.problem.status).toBe(409);
    expect(inProgress.headers).toEqual({ 'Retry-After': '3' });
    expect(problemFromError(new ConcurrencyError('loan-1', 'version 3', 4)).problem.status).toBe(409);
  });

  it('answers any other Baton error with its catalogue status: a 4xx with its message and code, a 5xx generically', () => {
    const notFound = new BatonError(
      'APPLICATION_NOT_FOUND',
      { httpStatus: 404, outcome: 'dead-letter', retryable: false },
      'no application app_1',
    );
    expect(problemFromError(notFound)).toMatchObject({
      fault: false,
      problem: {
        status: 404,
        code: 'APPLICATION_NOT_FOUND',
        detail: 'no application app_1',
        type: 'urn:baton:problem:application-not-found',
      },
    });
    const outage = new BatonError(
      'CIRCUIT_OPEN',
      { httpStatus: 503, outcome: 'retry', retryable: true },
      'bureau circuit open at 10.0.0.7',
    );
    const answer = problemFromError(outage);
    expect(answer).toMatchObject({
      fault: true,
      headers: { 'Retry-After': '1' },
      problem: { status: 503, code: 'CIRCUIT_OPEN' },
    });
    expect(JSON.stringify(answer)).not.toContain('10.0.0.7');
  });

  it('hides anything else behind a generic 500 and marks it a fault to log', () => {
    const answer = problemFromError(new Error('password=hunter2 at /srv/app.js:12'));
    expect(answer).toMatchObject({
      fault: true,
      problem: { type: 'about:blank', status: 500, title: 'Internal Server Error' },
    });
    expect(JSON.stringify(answer)).not.toMatch(/hunter2|app\.js/);
    expect(problemFromError(new StateStoreError('AUDIT_KEY_INVALID', 'key missing')).problem.status).toBe(500);
  });
});
