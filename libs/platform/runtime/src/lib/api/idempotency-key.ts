import { ProblemException } from '@baton/http';

/** Visible ASCII, as Stripe and the IETF draft allow, and short enough to index. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The request's `Idempotency-Key` header, or a 400 problem naming `header.Idempotency-Key` and the
 * rule it broke (`required` or `format`). `unit` says what one key stands for, in the message.
 *
 * @example const key = requireIdempotencyKey(request.header('idempotency-key'), 'application');
 */
export function requireIdempotencyKey(value: string | undefined, unit: string): string {
  if (value !== undefined && IDEMPOTENCY_KEY.test(value)) return value;
  throw new ProblemException({
    status: 400,
    title: 'Invalid request',
    detail: `the Idempotency-Key header is required: 1 to 200 visible ASCII characters, unique per ${unit}`,
    errors: [
      {
        field: 'header.Idempotency-Key',
        rule: value === undefined ? 'required' : 'format',
        message: value === undefined ? 'is required' : 'must be 1 to 200 visible ASCII characters',
      },
    ],
  });
}
