import { DecisionReason, REASON_CODES } from '@baton/loan-underwriting-contracts';
import { REASON_MESSAGES, reasonFor } from './reason-messages';

describe('reason messages', () => {
  it.each(REASON_CODES.map((code) => [code]))('given %s, then it has a non-empty message of its own', (code) => {
    expect(REASON_MESSAGES[code].trim().length).toBeGreaterThan(0);
  });

  it('given every code, then each has exactly one message and no two share one', () => {
    const messages = REASON_CODES.map((code) => REASON_MESSAGES[code]);
    expect(new Set(messages).size).toBe(REASON_CODES.length);
    expect(Object.keys(REASON_MESSAGES).sort()).toEqual([...REASON_CODES].sort());
  });

  it.each([
    ['DTI_EXCEEDS_LIMIT', null, 'Debt-to-income ratio is above 43%'],
    ['AGE_MINIMUM', null, 'Applicant is under 18 years of age on the date the application was received'],
    ['JURISDICTION_NOT_LICENSED', null, "We are not licensed to lend in the applicant's state"],
    ['AMOUNT_EXCEEDS_CAP', null, 'Loan amount exceeds half of annual income'],
    ['DELINQUENCIES', -25, 'Delinquent past or present credit obligations with others'],
  ] as const)(
    'given %s with points %p, when a reason is made, then it is a valid decision reason',
    (code, points, message) => {
      const reason = reasonFor(code, points);
      expect(reason).toEqual({ code, message, points });
      expect(DecisionReason.safeParse(reason).success).toBe(true);
    },
  );
});
