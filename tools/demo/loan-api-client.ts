import { ApplicationAccepted, ApplicationView, ReviewRequest } from '@baton/loan-underwriting-contracts';
import { sendRequest as send } from './http-send';

/** What `POST /v1/applications` answered: 202 with the application's id, or a 4xx problem. */
export interface Submitted {
  readonly status: number;
  readonly applicationId: string | null;
  readonly problem: unknown;
}

/**
 * The loan API as a client sees it: submit, read, review; every answer parsed by its contract.
 *
 * @example
 * const client = new LoanApiClient(stack.url, { intake: await stack.token('intake', 'demo'), underwriter: await stack.token('underwriter', 'demo') });
 * const { applicationId } = await client.submit('demo-42-0', application);
 */
export class LoanApiClient {
  constructor(
    private readonly url: string,
    private readonly tokens: { readonly intake: string; readonly underwriter: string },
    /** Told when a repeatable request is sent again after a failed connection. */
    private readonly onRetry?: (problem: string) => void,
  ) {}

  async submit(idempotencyKey: string, body: unknown): Promise<Submitted> {
    const response = await send(
      `${this.url}/v1/applications`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.tokens.intake}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
      },
      true,
      this.onRetry,
    );
    const answer: unknown = await response.json();
    if (response.status === 202)
      return { status: 202, applicationId: ApplicationAccepted.parse(answer).applicationId, problem: null };
    if (response.status >= 400 && response.status < 500)
      return { status: response.status, applicationId: null, problem: answer };
    throw new Error(`POST /v1/applications answered ${response.status}: ${JSON.stringify(answer)}`);
  }

  async view(applicationId: string): Promise<ApplicationView> {
    const response = await send(
      `${this.url}/v1/applications/${encodeURIComponent(applicationId)}`,
      { method: 'GET', headers: { authorization: `Bearer ${this.tokens.underwriter}` } },
      true,
      this.onRetry,
    );
    if (response.status !== 200)
      throw new Error(`GET /v1/applications/${applicationId} answered ${response.status}: ${await response.text()}`);
    return ApplicationView.parse(await response.json());
  }

  async review(applicationId: string, review: ReviewRequest): Promise<void> {
    const response = await send(
      `${this.url}/v1/applications/${encodeURIComponent(applicationId)}/review`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.tokens.underwriter}`, 'content-type': 'application/json' },
        body: JSON.stringify(ReviewRequest.parse(review)),
      },
      false,
    );
    if (response.status !== 202)
      throw new Error(
        `POST /v1/applications/${applicationId}/review answered ${response.status}: ${await response.text()}`,
      );
    await response.body?.cancel();
  }
}
