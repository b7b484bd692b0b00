import type { PolicyDecision, PolicyEffect } from '@baton/contracts';
import { LeafCondition, PolicyCondition } from '../document/condition';
import type { Combining } from '../document/policy-document';
import { describeRelativeTime, RelativeTime } from '../operators/date-values';
import { Judgement, operators } from '../operators/operator-catalogue';
import type { CompiledPolicy, EvaluatedNode } from './compile-policy';
import { DecisionInput, evaluateIntent } from './decide';
import type { PolicySet } from './policy-set';

/** One comparison after evaluation: the fact found, what it was compared with, and why it (did not) match. */
export interface LeafTrace {
  readonly kind: 'fact';
  readonly fact: string;
  readonly operator: string;
  readonly matched: boolean;
  readonly judgement: Judgement | 'not_evaluated';
  /** The value found at the path; undefined when missing. */
  readonly actual: unknown;
  readonly why: string;
}

export interface GroupTrace {
  readonly kind: 'all' | 'any' | 'not';
  readonly matched: boolean;
  readonly children: readonly ConditionTrace[];
}

export type ConditionTrace = LeafTrace | GroupTrace;

export interface RuleExplanation {
  readonly ruleId: string;
  readonly effect: PolicyEffect;
  readonly priority: number;
  readonly matched: boolean;
  readonly reason: { readonly code: string; readonly message: string };
  readonly condition: ConditionTrace;
}

/** Which rules matched and which did not, and why; with the decision they came to. */
export interface PolicyExplanation {
  readonly decision: PolicyDecision;
  readonly policy: {
    readonly id: string;
    readonly version: string;
    readonly combining: Combining;
    readonly defaultEffect: PolicyEffect;
  } | null;
  /** Every rule, highest priority first. */
  readonly rules: readonly RuleExplanation[];
}

/**
 * Explains a decision rule by rule: each comparison with the fact it found (or that it was
 * missing), what it was compared with, and whether it matched. Makes the same decision as
 * {@link evaluateIntent}, and is just as pure.
 *
 * @example
 * const explanation = await explainIntent(set, { intent: 'llm.invoke', context, decisionId, at });
 * process.stdout.write(`${formatExplanation(explanation)}\n`);
 */
export async function explainIntent(policies: PolicySet, input: DecisionInput): Promise<PolicyExplanation> {
  const evaluated = await evaluateIntent(policies, input);
  const policy = evaluated.policy;
  if (!policy) return { decision: evaluated.decision, policy: null, rules: [] };
  const { id, version, combining, defaultEffect } = policy.document;
  const rules = evaluated.runs.map((run) => ({
    ruleId: run.rule.id,
    effect: run.rule.effect,
    priority: run.rule.priority,
    matched: run.matched,
    reason: run.rule.reason,
    condition: atRoot(trace(policy, run.rule.condition, rootNode(run.rule.condition, run.evaluated)), run.matched),
  }));
  return { decision: evaluated.decision, policy: { id, version, combining, defaultEffect }, rules };
}

/** The compiler wrapped a lone comparison in `all`: unwrap it to walk in step with the document. */
function rootNode(condition: PolicyCondition, evaluated: EvaluatedNode | undefined): EvaluatedNode | undefined {
  return 'fact' in condition ? evaluated?.all?.[0] : evaluated;
}

/** json-rules-engine records a root all / any / not's outcome on the rule, not on the node. */
function atRoot(root: ConditionTrace, matched: boolean): ConditionTrace {
  return root.kind === 'fact' ? root : { ...root, matched };
}

function trace(policy: CompiledPolicy, condition: PolicyCondition, node: EvaluatedNode | undefined): ConditionTrace {
  if ('all' in condition)
    return group(
      'all',
      node,
      condition.all.map((child, index) => trace(policy, child, node?.all?.[index])),
    );
  if ('any' in condition)
    return group(
      'any',
      node,
      condition.any.map((child, index) => trace(policy, child, node?.any?.[index])),
    );
  if ('not' in condition) return group('not', node, [trace(policy, condition.not, node?.not)]);
  return leaf(policy, condition, node);
}

function group(kind: GroupTrace['kind'], node: EvaluatedNode | undefined, children: ConditionTrace[]): GroupTrace {
  return { kind, matched: node?.result === true, children };
}

function leaf(policy: CompiledPolicy, condition: LeafCondition, node: EvaluatedNode | undefined): LeafTrace {
  const base = { kind: 'fact' as const, fact: condition.fact, operator: condition.operator };
  if (!node || node.result === undefined)
    return { ...base, matched: false, judgement: 'not_evaluated', actual: undefined, why: 'not evaluated' };
  const judgement = policy.judgeLeaf(condition, node.factResult, node.valueResult);
  return {
    ...base,
    matched: node.result === true,
    judgement,
    actual: node.factResult,
    why: because(condition, judgement, node),
  };
}

function because(condition: LeafCondition, judgement: Judgement, node: EvaluatedNode): string {
  const { fact, operator } = condition;
  const found = `${fact} is ${show(node.factResult)}`;
  const family = operators[operator].family;
  if (family === 'presence')
    return node.factResult === undefined || node.factResult === null
      ? `${fact} is missing`
      : `${found}, so it is present`;
  switch (judgement) {
    case 'missing':
      return `${fact} is missing`;
    case 'wrong_type':
      return `${found}, but ${operator} needs ${operators[operator].needs}`;
    case 'missing_reference':
      return `${found}, but ${expected(condition, node.valueResult)} is missing`;
    case 'matched':
      return `${found}: ${operator} ${expected(condition, node.valueResult)}`;
    default:
      return `${found}: not ${operator} ${expected(condition, node.valueResult)}`;
  }
}

function expected(condition: LeafCondition, resolved: unknown): string {
  const value = condition.value;
  if (typeof value === 'object' && value !== null && 'fact' in value) return `${value.fact} (${show(resolved)})`;
  if (typeof value === 'object' && value !== null && 'fromNow' in value) {
    return `${describeRelativeTime(value as RelativeTime)} (${typeof resolved === 'number' ? new Date(resolved).toISOString() : '?'})`;
  }
  if (operators[condition.operator].family === 'pattern') return `/${String(value)}/${condition.flags ?? ''}`;
  return show(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
