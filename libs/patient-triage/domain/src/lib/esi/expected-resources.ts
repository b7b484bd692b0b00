import type { ExpectedResource, ResourceKind } from '@baton/patient-triage-contracts';
import type { Findings } from '../findings/extract-findings';
import { FINDING_RULES } from './finding-rules';
import { RESOURCE_TABLE } from './resource-table';

/**
 * The resources the present complaints usually take, one entry per kind in the table's order,
 * with the findings that call for it. A cough with a fever adds a chest X-ray (pneumonia).
 *
 * @example expectedResources(extractFindings('abdominal pain')).map((r) => r.kind); // ['labs', 'advanced-imaging', ...]
 */
export function expectedResources(findings: Findings): ExpectedResource[] {
  const because = new Map<ResourceKind, string[]>();
  const add = (kind: ResourceKind, code: string) => because.set(kind, [...(because.get(kind) ?? []), code]);
  for (const code of findings.present) for (const kind of FINDING_RULES[code].resources) add(kind, code);
  if (findings.present.has('cough') && findings.present.has('fever')) add('x-ray', 'cough+fever');
  return RESOURCE_TABLE.filter((row) => because.has(row.kind)).map((row) => ({
    kind: row.kind,
    counts: row.counts,
    because: because.get(row.kind) ?? [],
  }));
}
