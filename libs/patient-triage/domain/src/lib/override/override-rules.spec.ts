import { overrideRuleProblems } from './override-rules';

describe('overrideRuleProblems: the floor rule of a clinician override', () => {
  it('takes a level more urgent than the floor, or equal to it, with no second reason', () => {
    expect(overrideRuleProblems(3, { esi: 2 })).toEqual([]);
    expect(overrideRuleProblems(3, { esi: 3 })).toEqual([]);
  });

  it('requires a second reason for a level less urgent than the floor', () => {
    expect(overrideRuleProblems(2, { esi: 4 })).toEqual([
      expect.objectContaining({ field: 'secondReasonCode', rule: 'required_below_floor' }),
    ]);
    expect(overrideRuleProblems(2, { esi: 4, secondReasonCode: 'KNOWN_BASELINE' })).toEqual([]);
  });

  it('refuses a second reason where the level is not below the floor', () => {
    expect(overrideRuleProblems(4, { esi: 2, secondReasonCode: 'SENIOR_APPROVED' })).toEqual([
      expect.objectContaining({ field: 'secondReasonCode', rule: 'only_below_floor' }),
    ]);
  });
});
