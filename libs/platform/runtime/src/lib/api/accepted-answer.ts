import type { IdempotentResult, JsonValue } from '@baton/state-store';

/** The parts of Express's response an accepted submission sets (`@Res({ passthrough: true })`). */
export interface AcceptedResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/**
 * Answers an idempotent submission as every vertical's submit route does: its status (202, or the
 * first response's on a replay), `Location` (the body's `links.self`) and `Idempotent-Replayed`,
 * and the body to return.
 *
 * @example return acceptedAnswer(response, await this.encounters.submit(principal, idempotencyKey, body));
 */
export function acceptedAnswer<Body extends JsonValue & { readonly links: { readonly self: string } }>(
  response: AcceptedResponse,
  result: IdempotentResult<Body>,
): Body {
  response.status(result.status);
  response.setHeader('Location', result.body.links.self);
  response.setHeader('Idempotent-Replayed', String(result.replayed));
  return result.body;
}
