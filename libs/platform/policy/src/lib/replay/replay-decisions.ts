import type { Obligation, PolicyDecision, PolicyEffect } from '@baton/contracts';
import type { RecordedDecision, UnreadableDecision } from '../audit/decision-log.port';
import type { CompiledPolicy } from '../evaluation/compile-policy';
import { decideIntent, NO_POLICY_ID } from '../evaluation/decide';
import { PolicySet } from '../evaluation/policy-set';

/** A decision reduced to what replay compares. */
export interface DecisionSummary {
  readonly policyId: string;
  readonly policyVersion: string;
  readonly effect: PolicyEffect;
  readonly reasons: readonly string[];
  readonly obligations: readonly Obligation[];
}

export interface ReplayDifference {
  readonly decisionId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly intent: string;
  readonly decidedAt: string;
  readonly before: DecisionSummary;
  readonly after: DecisionSummary;
  readonly changed: readonly ('effect' | 'reasons' | 'obligations')[];
}

export interface ReplaySkip {
  readonly decisionId: string;
  readonly reason: string;
}

export interface ReplayReport {
  readonly version: string;
  /** The policy replayed under; null means each decision's own policy. */
  readonly policyId: string | null;
  readonly replayed: number;
  readonly differences: readonly ReplayDifference[];
  readonly skipped: readonly ReplaySkip[];
}

export interface ReplayOptions {
  readonly version: string;
  /** Replay under this policy, including decisions another policy (or none) made for intents it governs. */
  readonly policyId?: string;
  /** A stored version, compiled; null when it is not stored. */
  readonly load: (policyId: string, version: string) => Promise<CompiledPolicy | null>;
}

/**
 * Re-decides recorded decisions under another version, each at its own recorded instant and on
 * its recorded context (so the replay is deterministic), and lists what would have changed.
 * Decisions whose audit chain fails, whose context was not recorded, or that the version does
 * not govern are skipped with the reason.
 *
 * @example
 * const report = await replayDecisions(records, { version: '2', load: (id, v) => engine.compiled(id, v) });
 * process.stdout.write(`${formatReplayReport(report)}\n`);
 */
export async function replayDecisions(
  records: readonly RecordedDecision[],
  options: ReplayOptions,
  unreadable: readonly UnreadableDecision[] = [],
): Promise<ReplayReport> {
  const compiled = new Map<string, Promise<CompiledPolicy | null>>();
  const load = (policyId: string) => {
    if (!compiled.has(policyId)) compiled.set(policyId, options.load(policyId, options.version));
    return compiled.get(policyId) as Promise<CompiledPolicy | null>;
  };
  const differences: ReplayDifference[] = [];
  const skipped: ReplaySkip[] = unreadable.map((event) => ({
    decisionId: event.eventId,
    reason: `unreadable: ${event.problem}`,
  }));
  let replayed = 0;
  for (const record of records) {
    const { decision } = record;
    const skip = (reason: string) => skipped.push({ decisionId: decision.decisionId, reason });
    if (record.chainVerified === false) {
      skip(`the audit chain of ${record.streamId} does not verify`);
      continue;
    }
    if (record.context === null) {
      skip('its context was not recorded');
      continue;
    }
    const policyId = options.policyId ?? (decision.policyId === NO_POLICY_ID ? null : decision.policyId);
    if (policyId === null) {
      skip('no policy governed it (NO_POLICY); name a policy to replay it under');
      continue;
    }
    const policy = await load(policyId);
    if (!policy) {
      skip(`${policyId}@${options.version} is not stored`);
      continue;
    }
    if (!policy.governs(decision.intent)) {
      skip(`${policy.key} does not govern ${decision.intent}`);
      continue;
    }
    const after = await decideIntent(PolicySet.of([policy]), {
      intent: decision.intent,
      context: record.context,
      decisionId: decision.decisionId,
      at: decision.decidedAt,
    });
    replayed += 1;
    const changed = compare(summarise(decision), summarise(after));
    if (changed.length > 0) {
      differences.push({
        decisionId: decision.decisionId,
        runId: record.runId,
        stepId: record.stepId,
        intent: decision.intent,
        decidedAt: decision.decidedAt,
        before: summarise(decision),
        after: summarise(after),
        changed,
      });
    }
  }
  return { version: options.version, policyId: options.policyId ?? null, replayed, differences, skipped };
}

function summarise(decision: PolicyDecision): DecisionSummary {
  return {
    policyId: decision.policyId,
    policyVersion: decision.policyVersion,
    effect: decision.effect,
    reasons: decision.reasons.map((reason) => reason.code).sort(),
    obligations: decision.obligations,
  };
}

function compare(before: DecisionSummary, after: DecisionSummary): ReplayDifference['changed'][number][] {
  const changed: ReplayDifference['changed'][number][] = [];
  if (before.effect !== after.effect) changed.push('effect');
  if (JSON.stringify(before.reasons) !== JSON.stringify(after.reasons)) changed.push('reasons');
  if (JSON.stringify(before.obligations) !== JSON.stringify(after.obligations)) changed.push('obligations');
  return changed;
}
