import { describeRelativeTime, shiftUtc, toEpochMs } from './date-values';
import { judge, operatorNames } from './operator-catalogue';

describe('operator catalogue: custom operators judged without throwing', () => {
  it.each([
    ['equal', 'gold', 'gold', 'matched'],
    ['equal', 1, '1', 'not_satisfied'],
    ['notEqual', 'open', 'closed', 'matched'],
    ['lessThan', 9, 10, 'matched'],
    ['lessThan', '9', 10, 'wrong_type'],
    ['greaterThanInclusive', 10, 10, 'matched'],
    ['between', 18, [18, 65], 'matched'],
    ['between', 65.5, [18, 65], 'not_satisfied'],
    ['in', 'GB', ['GB', 'IE'], 'matched'],
    ['notIn', 'GB', ['GB', 'IE'], 'not_satisfied'],
    ['contains', ['a', 'vip'], 'vip', 'matched'],
    ['contains', 'a vip guest', 'vip', 'matched'],
    ['doesNotContain', ['a'], 'vip', 'matched'],
    ['matches', 'Ada@Example.com', /@example\.com$/i, 'matched'],
    ['matches', 42, /42/, 'wrong_type'],
    ['doesNotMatch', '123-45-6789', /\d{3}-\d{2}-\d{4}/, 'not_satisfied'],
    ['dateBefore', '2025-12-31', Date.parse('2026-01-01'), 'matched'],
    ['dateBefore', '2025-12-31T23:00:00', Date.parse('2026-01-01'), 'wrong_type'],
    ['dateAfter', '2026-06-10T09:00:00+02:00', '2026-06-10T06:59:59Z', 'matched'],
    ['present', 0, undefined, 'matched'],
    ['present', null, undefined, 'not_satisfied'],
    ['absent', undefined, undefined, 'matched'],
    ['absent', false, undefined, 'not_satisfied'],
  ] as const)('%s(%j, %j) is %s', (operator, fact, expected, judgement) => {
    expect(judge(operator, fact, expected)).toBe(judgement);
  });

  it('a missing fact (undefined or null) is a non-match for every operator but absent, including the negative ones', () => {
    const values: Record<string, unknown> = {
      between: [0, 1],
      in: ['x'],
      notIn: ['x'],
      matches: /x/,
      doesNotMatch: /x/,
      dateBefore: 0,
      dateAfter: 0,
    };
    for (const operator of operatorNames) {
      const expected = values[operator] ?? 'x';
      const wanted = operator === 'absent' ? 'matched' : operator === 'present' ? 'not_satisfied' : 'missing';
      expect([operator, judge(operator, undefined, expected), judge(operator, null, expected)]).toEqual([
        operator,
        wanted,
        wanted,
      ]);
    }
  });

  it('a missing reference on the right-hand side is a non-match too', () => {
    expect(judge('notEqual', 'open', undefined)).toBe('missing_reference');
    expect(judge('greaterThan', 3, null)).toBe('missing_reference');
  });

  it('parses only strict ISO dates and shifts by calendar units in UTC', () => {
    expect(toEpochMs('2026-01-31')).toBe(Date.UTC(2026, 0, 31));
    expect(toEpochMs('2026-02-30')).toBeNaN();
    expect(toEpochMs('2026-01-31T10:00:00')).toBeNaN();
    expect(toEpochMs('31/01/2026')).toBeNaN();
    expect(toEpochMs({})).toBeNaN();
    expect(
      new Date(shiftUtc(Date.parse('2026-11-24T10:00:00Z'), { years: -18, days: 1, hours: -1 })).toISOString(),
    ).toBe('2008-11-25T09:00:00.000Z');
    expect(describeRelativeTime({ fromNow: { years: -18, days: 2 } })).toBe('now - 18 years + 2 days');
  });
});
