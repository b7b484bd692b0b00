import type { PolicyDecision } from '@baton/contracts';
import { DEFAULT_TEST_INSTANT, PolicyDocument } from '../document/policy-document';
import { CompiledPolicy } from '../evaluation/compile-policy';
import { decideIntent } from '../evaluation/decide';
import { mergeObligations } from '../evaluation/obligations';
import { PolicySet } from '../evaluation/policy-set';

/** The outcome of one row of a policy's table tests. */
export interface PolicyTestResult {
  readonly name: string;
  readonly passed: boolean;
  /** What differed from the expectation, one line each. */
  readonly failures: readonly string[];
  readonly decision: PolicyDecision;
}

/** Table tests make no audited decisions; a fixed id keeps their output reproducible. */
const TEST_DECISION_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Runs the table tests a policy document carries, against that document alone: each row's
 * intent and context in, its expected effect, reason codes (in any order) and obligations out.
 *
 * @example
 * const results = await runPolicyTests(document);
 * const failed = results.filter((result) => !result.passed);
 */
export async function runPolicyTests(document: PolicyDocument): Promise<PolicyTestResult[]> {
  const policies = PolicySet.of([CompiledPolicy.compile(document)]);
  const results: PolicyTestResult[] = [];
  for (const test of document.tests ?? []) {
    const decision = await decideIntent(policies, {
      intent: test.intent,
      context: test.context,
      decisionId: TEST_DECISION_ID,
      at: test.at ?? DEFAULT_TEST_INSTANT,
    });
    const failures: string[] = [];
    if (decision.effect !== test.expect.effect)
      failures.push(`effect: expected ${test.expect.effect}, got ${decision.effect}`);
    const reasons = decision.reasons.map((reason) => reason.code).sort();
    if (test.expect.reasons && JSON.stringify([...test.expect.reasons].sort()) !== JSON.stringify(reasons)) {
      failures.push(`reasons: expected [${[...test.expect.reasons].sort().join(', ')}], got [${reasons.join(', ')}]`);
    }
    if (
      test.expect.obligations &&
      JSON.stringify(mergeObligations([test.expect.obligations])) !== JSON.stringify(decision.obligations)
    ) {
      failures.push(
        `obligations: expected ${JSON.stringify(mergeObligations([test.expect.obligations]))}, got ${JSON.stringify(decision.obligations)}`,
      );
    }
    results.push({ name: test.name, passed: failures.length === 0, failures, decision });
  }
  return results;
}
