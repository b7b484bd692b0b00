import { toContractIssues } from '@baton/contracts';
import { FleetCase } from './case';

const valid = { reference: 'REF-1001', value: 1_200, summary: 'A routine request.' };

describe('FleetCase', () => {
  it('accepts a well-formed case', () => {
    expect(FleetCase.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['reference', { ...valid, reference: 'ref 1' }],
    ['value', { ...valid, value: -1 }],
    ['summary', { ...valid, summary: '' }],
    ['extra', { ...valid, extra: true }],
  ])('refuses a bad %s, naming the field', (field, input) => {
    const parsed = FleetCase.safeParse(input);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(JSON.stringify(toContractIssues(parsed.error.issues))).toContain(field);
  });
});
