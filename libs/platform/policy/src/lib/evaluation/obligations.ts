import type { Obligation } from '@baton/contracts';

/**
 * Merges obligations into one deterministic list: one `redact` with the union of fields, one
 * `cap` per name at the lowest limit (the strictest wins), one `human_review` per queue.
 *
 * @example mergeObligations([[{ type: 'redact', fields: ['ssn'] }], [{ type: 'redact', fields: ['name', 'ssn'] }]]) // [{ type: 'redact', fields: ['name', 'ssn'] }]
 */
export function mergeObligations(lists: readonly (readonly Obligation[])[]): Obligation[] {
  const fields = new Set<string>();
  const caps = new Map<string, number>();
  const queues = new Set<string | null>();
  for (const obligation of lists.flat()) {
    if (obligation.type === 'redact') obligation.fields.forEach((field) => fields.add(field));
    else if (obligation.type === 'cap')
      caps.set(obligation.name, Math.min(obligation.limit, caps.get(obligation.name) ?? Infinity));
    else queues.add(obligation.queue);
  }
  const merged: Obligation[] = [];
  if (fields.size > 0) merged.push({ type: 'redact', fields: [...fields].sort() });
  [...caps.keys()].sort().forEach((name) => merged.push({ type: 'cap', name, limit: caps.get(name) as number }));
  [...queues]
    .sort((a, b) => (a ?? '').localeCompare(b ?? ''))
    .forEach((queue) => merged.push({ type: 'human_review', queue }));
  return merged;
}
