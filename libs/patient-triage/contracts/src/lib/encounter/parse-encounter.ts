import type { z } from 'zod';
import { ContractViolation, toContractIssues, type ContractIssue, type ParseResult } from '@baton/contracts';
import { encounterSchema, type Encounter } from './encounter';

/** The contract's name in violations and problem documents. */
export const ENCOUNTER_CONTRACT = 'triage.encounter';

/**
 * Parses an encounter, naming every failing field and rule: zod's code for a range or type rule
 * (`vitals.spo2 [too_big] SpO2 must be at most 100 %`), the rule's own name for a cross-field one
 * (`vitals.heartRate [walk_in_has_pulse]`).
 *
 * @example
 * const parsed = parseEncounter(JSON.parse(body));
 * if (parsed.ok) triage(parsed.value); else reply400(parsed.error.issues);
 */
export function parseEncounter(value: unknown): ParseResult<Encounter> {
  const result = encounterSchema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: new ContractViolation(ENCOUNTER_CONTRACT, issuesOf(result.error.issues)) };
}

function issuesOf(issues: readonly z.core.$ZodIssue[]): ContractIssue[] {
  return issues.flatMap((issue) => {
    const rule = issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined;
    if (!rule) return toContractIssues([issue]);
    return [{ path: issue.path.map(String).join('.'), rule, message: issue.message }];
  });
}
