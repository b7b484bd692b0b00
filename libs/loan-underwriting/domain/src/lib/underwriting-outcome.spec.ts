import { DecisionReason } from '@baton/loan-underwriting-contracts';
import { reasonFor } from './reason-messages';
import { expiredReview, outcomeFromBand, policyDenial, reviewOutcome, scorecardVerdict } from './underwriting-outcome';

const scored: DecisionReason[] = [reasonFor('DELINQUENCIES', -25), reasonFor('DTI_LOW', 15)];

describe('underwriting outcome', () => {
  it.each([
    ['approve', 'approved'],
    ['refer', 'referred'],
    ['decline', 'declined'],
  ] as const)('given the band %s, then the outcome is %s', (band, outcome) => {
    expect(outcomeFromBand(band)).toBe(outcome);
  });

  it.each([
    ['approve', { outcome: 'approved', decidedBy: 'scorecard', reasons: scored }],
    ['decline', { outcome: 'declined', decidedBy: 'scorecard', reasons: scored }],
    ['refer', { outcome: 'referred', reasons: [reasonFor('BORDERLINE_SCORE', null), ...scored] }],
  ] as const)('given a scorecard in band %s, when decided, then the verdict carries its reasons', (band, expected) => {
    expect(scorecardVerdict({ band, reasons: scored })).toEqual(expected);
  });

  it.each([
    ['approve', 'approved', 'UNDERWRITER_APPROVED'],
    ['decline', 'declined', 'UNDERWRITER_DECLINED'],
  ] as const)(
    'given an underwriter who says %s, when the review is applied, then the application is %s, their reason first',
    (answer, outcome, code) => {
      const review = { outcome: answer, note: 'Checked the pay slips.', underwriterId: 'uw-7' };
      expect(reviewOutcome(review, scored)).toEqual({
        outcome,
        decidedBy: 'underwriter',
        reasons: [reasonFor(code, null), ...scored],
      });
      expect(JSON.stringify(reviewOutcome(review))).not.toContain('pay slips');
    },
  );

  it('given a review that expired, when decided, then the application is declined by expiry', () => {
    expect(expiredReview(scored)).toEqual({
      outcome: 'declined',
      decidedBy: 'expiry',
      reasons: [reasonFor('REVIEW_EXPIRED', null), ...scored],
    });
    expect(expiredReview().reasons).toEqual([reasonFor('REVIEW_EXPIRED', null)]);
  });

  it("given the policy's deny reasons, when decided, then it is declined by policy with each reason once, in order, without points", () => {
    expect(policyDenial(['SANCTIONS_MATCH', 'DTI_EXCEEDS_LIMIT', 'SANCTIONS_MATCH'])).toEqual({
      ok: true,
      verdict: {
        outcome: 'declined',
        decidedBy: 'policy',
        reasons: [reasonFor('SANCTIONS_MATCH', null), reasonFor('DTI_EXCEEDS_LIMIT', null)],
      },
    });
  });

  it.each([
    [
      'a code outside the closed set',
      ['KYC_FAILED', 'NO_RULE_MATCHED'],
      { ok: false, problem: 'UNKNOWN_REASON_CODES', unknownCodes: ['NO_RULE_MATCHED'] },
    ],
    [
      'a code in the wrong case',
      ['kyc_failed'],
      { ok: false, problem: 'UNKNOWN_REASON_CODES', unknownCodes: ['kyc_failed'] },
    ],
    ['no reason at all', [], { ok: false, problem: 'NO_REASONS', unknownCodes: [] }],
  ])('given %s, when a policy denial is made, then it is refused', (_name, codes, expected) => {
    expect(policyDenial(codes)).toEqual(expected);
  });
});
