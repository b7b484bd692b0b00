import { resourceKindSchema } from '@baton/patient-triage-contracts';
import { NOT_RESOURCES, RESOURCE_TABLE, countResources } from './resource-table';

describe('the resource table (decision point C), one test per row', () => {
  it('lists every resource kind of the contract once', () => {
    expect(RESOURCE_TABLE.map((row) => row.kind)).toEqual(resourceKindSchema.options);
  });

  it.each(RESOURCE_TABLE)('$kind ($examples) counts $counts', (row) => {
    expect(countResources([row.kind])).toBe(row.counts);
    // The same kind twice is still one kind: count kinds, not tests.
    expect(countResources([row.kind, row.kind])).toBe(row.counts);
  });

  it('a complex procedure alone makes ESI 3 territory (two resources)', () => {
    expect(countResources(['complex-procedure'])).toBe(2);
    expect(countResources(['labs', 'x-ray'])).toBe(2);
  });

  it.each(NOT_RESOURCES)('"%s" is not a resource kind', (item) => {
    expect(resourceKindSchema.safeParse(item).success).toBe(false);
  });
});
