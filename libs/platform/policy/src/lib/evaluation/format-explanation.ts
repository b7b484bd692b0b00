import type { ConditionTrace, PolicyExplanation } from './explain';

const mark = (matched: boolean): string => (matched ? '[match]' : '[no]   ');

/**
 * An explanation as indented text: the decision, then every rule (highest priority first) with
 * each comparison marked `[match]` or `[no]` and why.
 *
 * @example process.stdout.write(`${formatExplanation(await engine.explain('llm.invoke', context, { at }))}\n`);
 */
export function formatExplanation(explanation: PolicyExplanation): string {
  const { decision, policy } = explanation;
  const lines = [
    `intent ${decision.intent}: ${decision.effect.toUpperCase()}` +
      (policy ? ` under ${policy.id}@${policy.version} (${policy.combining}, default ${policy.defaultEffect})` : ''),
    ...decision.reasons.map(
      (reason) => `  reason ${reason.code}${reason.ruleId ? ` (rule ${reason.ruleId})` : ''}: ${reason.message}`,
    ),
    `  obligations: ${decision.obligations.length === 0 ? 'none' : decision.obligations.map((obligation) => JSON.stringify(obligation)).join(', ')}`,
    `  input hash: ${decision.inputHash}`,
  ];
  if (policy) lines.push('rules (highest priority first):');
  for (const rule of explanation.rules) {
    lines.push(
      `  ${mark(rule.matched)} ${rule.ruleId} -> ${rule.effect} ${rule.reason.code} (priority ${rule.priority})`,
    );
    lines.push(...conditionLines(rule.condition, '      '));
  }
  return lines.join('\n');
}

function conditionLines(trace: ConditionTrace, indent: string): string[] {
  if (trace.kind === 'fact') return [`${indent}${mark(trace.matched)} ${trace.why}`];
  return [
    `${indent}${mark(trace.matched)} ${trace.kind}`,
    ...trace.children.flatMap((child) => conditionLines(child, `${indent}  `)),
  ];
}
