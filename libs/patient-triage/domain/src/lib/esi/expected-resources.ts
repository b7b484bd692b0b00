import type { ExpectedResource, ResourceKind } from '@baton/patient-triage-contracts';
import type { Findings } from '../findings/extract-findings';
import type { FindingCode } from '../findings/finding-codes';
import { FINDING_RULES } from './finding-rules';
import { RESOURCE_TABLE } from './resource-table';

// A fever with an evident minor source (a sore throat, an earache, a cold) is examined, not worked up.
const MINOR_FEVER_SOURCES: readonly FindingCode[] = ['sore-throat', 'ear-pain', 'cold-symptoms'];

/**
 * The resources the present complaints usually take, one entry per kind in the table's order,
 * with the findings that call for it. A cough with a fever adds a chest X-ray (pneumonia); a
 * fever with a minor source takes no labs.
 *
 * @example expectedResources(extractFindings('abdominal pain')).map((r) => r.kind); // ['labs', 'advanced-imaging', ...]
 */
export function expectedResources(findings: Findings): ExpectedResource[] {
  const because = new Map<ResourceKind, string[]>();
  const add = (kind: ResourceKind, code: string) => because.set(kind, [...(because.get(kind) ?? []), code]);
  const minorSource = MINOR_FEVER_SOURCES.some((code) => findings.present.has(code));
  for (const code of findings.present) {
    if (code === 'fever' && minorSource) continue;
    for (const kind of FINDING_RULES[code].resources) add(kind, code);
  }
  if (findings.present.has('cough') && findings.present.has('fever')) add('x-ray', 'cough+fever');
  return RESOURCE_TABLE.filter((row) => because.has(row.kind)).map((row) => ({
    kind: row.kind,
    counts: row.counts,
    because: because.get(row.kind) ?? [],
  }));
}
