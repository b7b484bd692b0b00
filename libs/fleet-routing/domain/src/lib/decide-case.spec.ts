import { ACCEPT_FROM, COMPLEXITY_PENALTY, decideCase, REJECT_BELOW, settleReferral } from './decide-case';

const routine = { complexity: 'routine' as const, rationale: 'routine' };
const complex = { complexity: 'complex' as const, rationale: 'complex' };

describe('decideCase', () => {
  it('accepts a high rating on a routine case', () => {
    expect(decideCase({ rating: ACCEPT_FROM, assessment: routine })).toEqual({
      kind: 'decided',
      decision: { outcome: 'accepted', decidedBy: 'rules', score: ACCEPT_FROM, reasons: ['RATING_HIGH'] },
    });
  });

  it('rejects a low rating', () => {
    expect(decideCase({ rating: REJECT_BELOW - 1, assessment: routine })).toMatchObject({
      kind: 'decided',
      decision: { outcome: 'rejected', reasons: ['RATING_LOW'] },
    });
  });

  it('refers a middling score, and a complex case costs the penalty', () => {
    expect(decideCase({ rating: ACCEPT_FROM, assessment: complex })).toEqual({
      kind: 'referred',
      score: ACCEPT_FROM - COMPLEXITY_PENALTY,
      reasons: ['NEEDS_REVIEW', 'COMPLEX_CASE'],
    });
  });

  it('says when it decided without the model', () => {
    expect(decideCase({ rating: 90, assessment: null })).toMatchObject({
      decision: { reasons: ['RATING_HIGH', 'NO_ASSESSMENT'] },
    });
  });
});

describe('settleReferral', () => {
  const referred = { score: 55, reasons: ['NEEDS_REVIEW'] };

  it("takes the reviewer's outcome", () => {
    expect(settleReferral(referred, { outcome: 'accept', reviewerId: 'r-1' })).toEqual({
      outcome: 'accepted',
      decidedBy: 'reviewer',
      score: 55,
      reasons: ['NEEDS_REVIEW'],
    });
  });

  it('rejects when nobody answered in time', () => {
    expect(settleReferral(referred, null)).toEqual({
      outcome: 'rejected',
      decidedBy: 'expiry',
      score: 55,
      reasons: ['NEEDS_REVIEW', 'REVIEW_EXPIRED'],
    });
  });
});
