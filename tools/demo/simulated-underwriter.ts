import { performance } from 'node:perf_hooks';
import type { LoanApplication, ReviewRequest } from '@baton/loan-underwriting-contracts';
import { debtToIncome } from '@baton/loan-underwriting-domain';
import { creditFile } from '@baton/loan-underwriting-feature';
import type { LoanApiClient } from './loan-api-client';

/** The bureau score from which the simulated underwriter approves a referral. */
export const UNDERWRITER_MIN_BUREAU_SCORE = 640;

/**
 * The simulated underwriter's rule, deterministic: pull the applicant's credit report (the seeded
 * bureau file) and approve when its score is at least {@link UNDERWRITER_MIN_BUREAU_SCORE} and the
 * DTI within the 43% limit; decline otherwise. The note says why.
 *
 * @example underwriterVerdict(42, application) // { outcome: 'approve', note: 'bureau score 702 >= 640, DTI 38.2%' }
 */
export function underwriterVerdict(seed: number, application: LoanApplication): ReviewRequest {
  const score = creditFile(seed, application.applicant.ssn).score;
  const dti = debtToIncome(application.applicant.monthlyDebt, application.applicant.annualIncome);
  const approve = score >= UNDERWRITER_MIN_BUREAU_SCORE && dti <= 0.43;
  return {
    outcome: approve ? 'approve' : 'decline',
    note: `bureau score ${score} ${score >= UNDERWRITER_MIN_BUREAU_SCORE ? '>=' : '<'} ${UNDERWRITER_MIN_BUREAU_SCORE}, DTI ${(dti * 100).toFixed(1)}%`,
  };
}

/** One referral the underwriter resolved. */
export interface Review {
  readonly applicationId: string;
  readonly outcome: ReviewRequest['outcome'];
  /** `performance.now()` when the review was posted. */
  readonly at: number;
}

/**
 * An underwriter working through referrals one at a time, as they are handed over: reads the
 * application over the API (it must still be `referred`), then posts the review.
 *
 * @example
 * const underwriter = new SimulatedUnderwriter(client, 42);
 * underwriter.refer(applicationId, application);
 * const reviews = await underwriter.drain();
 */
export class SimulatedUnderwriter {
  private readonly reviews: Review[] = [];
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: LoanApiClient,
    private readonly seed: number,
  ) {}

  refer(applicationId: string, application: LoanApplication): void {
    this.work = this.work.then(async () => {
      const view = await this.client.view(applicationId);
      if (view.status !== 'referred')
        throw new Error(`the underwriter found ${applicationId} ${view.status}, not referred`);
      const verdict = underwriterVerdict(this.seed, application);
      await this.client.review(applicationId, verdict);
      this.reviews.push({ applicationId, outcome: verdict.outcome, at: performance.now() });
    });
  }

  /** Waits until every referral handed over so far is reviewed. */
  async drain(): Promise<readonly Review[]> {
    await this.work;
    return this.reviews;
  }
}
