import { Almanac, Engine, TopLevelCondition } from 'json-rules-engine';
import { isBooleanCondition, LeafCondition, PolicyCondition } from '../document/condition';
import type { PolicyDocument, PolicyRule } from '../document/policy-document';
import { RelativeTime, shiftUtc, toEpochMs } from '../operators/date-values';
import { judge, Judgement, operatorNames, operators } from '../operators/operator-catalogue';
import { JsonObject, readPath } from './context';

/** The fact every condition reads through a path: the intent's context. */
const CONTEXT_FACT = 'context';
/** The decision's injected instant (epoch ms): evaluation never reads a clock. */
const NOW_FACT = '$now';
/** A relative time (`fromNow`) resolved against {@link NOW_FACT}. */
const CLOCK_FACT = '$clock';

/** A condition node as json-rules-engine reports it after a run. */
export interface EvaluatedNode {
  readonly all?: readonly EvaluatedNode[];
  readonly any?: readonly EvaluatedNode[];
  readonly not?: EvaluatedNode;
  readonly factResult?: unknown;
  readonly valueResult?: unknown;
  readonly result?: boolean;
}

/** One rule after one evaluation. */
export interface RuleRun {
  readonly rule: PolicyRule;
  readonly matched: boolean;
  /** The engine's condition tree with results; for explanations. */
  readonly evaluated: EvaluatedNode | undefined;
}

/**
 * One policy version compiled once into a json-rules-engine `Engine` (with `allowUndefinedFacts`,
 * an own-properties path resolver, and the catalogue's operators, regular expressions compiled
 * up front), reused for every decision.
 *
 * @example
 * const compiled = CompiledPolicy.compile(document);
 * const runs = await compiled.run({ loan: { amount: 5000 } }, Date.parse('2026-11-24T10:00:00Z'));
 */
export class CompiledPolicy {
  /** Engine.run keeps a status flag on the engine: overlapping runs can skip each other's rules, so runs take turns. */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly document: PolicyDocument,
    private readonly engine: Engine,
    private readonly patterns: ReadonlyMap<string, RegExp>,
    /** Highest priority first, then document order. */
    private readonly ordered: readonly PolicyRule[],
  ) {}

  /** `lending-llm@3`. */
  get key(): string {
    return `${this.document.id}@${this.document.version}`;
  }

  static compile(document: PolicyDocument): CompiledPolicy {
    const patterns = new Map<string, RegExp>();
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: readPath });
    for (const name of operatorNames) {
      engine.addOperator(
        name,
        (fact: unknown, expected: unknown) => judge(name, fact, resolvePattern(patterns, name, expected)) === 'matched',
      );
    }
    engine.addFact(CLOCK_FACT, async (params: Record<string, unknown>, almanac: Almanac) =>
      shiftUtc(await almanac.factValue<number>(NOW_FACT), params as RelativeTime['fromNow']),
    );
    // All rules share one priority for the engine, so it evaluates them in a single pass; the
    // document's priorities order reasons and `first-applicable` here instead.
    for (const rule of document.rules) {
      engine.addRule({
        name: rule.id,
        priority: 1,
        conditions: toEngineRoot(rule.condition, patterns),
        event: { type: rule.id },
      });
    }
    const ordered = document.rules
      .map((rule, index) => ({ rule, index }))
      .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
      .map(({ rule }) => rule);
    return new CompiledPolicy(document, engine, patterns, ordered);
  }

  /** True when this policy governs the intent. */
  governs(intent: string): boolean {
    return this.document.intents.includes(intent);
  }

  /** Evaluates every rule against a context at an instant; highest priority first. */
  async run(context: JsonObject, atMs: number): Promise<RuleRun[]> {
    const result = this.turn.then(() => this.engine.run({ [CONTEXT_FACT]: context, [NOW_FACT]: atMs }));
    this.turn = result.catch(() => undefined);
    const { results, failureResults } = await result;
    const byName = new Map([...results, ...failureResults].map((ruleResult) => [ruleResult.name, ruleResult]));
    return this.ordered.map((rule) => {
      const ruleResult = byName.get(rule.id);
      return {
        rule,
        matched: ruleResult?.result === true,
        evaluated: ruleResult?.conditions as EvaluatedNode | undefined,
      };
    });
  }

  /** Re-judges an evaluated leaf, for explanations (the engine only keeps true or false). */
  judgeLeaf(leaf: LeafCondition, factResult: unknown, valueResult: unknown): Judgement {
    return judge(leaf.operator, factResult, resolvePattern(this.patterns, leaf.operator, valueResult));
  }
}

function resolvePattern(patterns: ReadonlyMap<string, RegExp>, operator: string, expected: unknown): unknown {
  return operator === 'matches' || operator === 'doesNotMatch' ? patterns.get(String(expected)) : expected;
}

/** json-rules-engine wants all / any / not at the root: a lone comparison is wrapped in `all`. */
function toEngineRoot(condition: PolicyCondition, patterns: Map<string, RegExp>): TopLevelCondition {
  return (
    isBooleanCondition(condition) ? toEngine(condition, patterns) : { all: [toEngine(condition, patterns)] }
  ) as TopLevelCondition;
}

function toEngine(condition: PolicyCondition, patterns: Map<string, RegExp>): object {
  if ('all' in condition) return { all: condition.all.map((child) => toEngine(child, patterns)) };
  if ('any' in condition) return { any: condition.any.map((child) => toEngine(child, patterns)) };
  if ('not' in condition) return { not: toEngine(condition.not, patterns) };
  return {
    fact: CONTEXT_FACT,
    path: condition.fact,
    operator: condition.operator,
    value: toEngineValue(condition, patterns),
  };
}

function toEngineValue(leaf: LeafCondition, patterns: Map<string, RegExp>): unknown {
  const family = operators[leaf.operator].family;
  const value = leaf.value;
  if (family === 'presence') return true;
  if (typeof value === 'object' && value !== null && 'fact' in value) return { fact: CONTEXT_FACT, path: value.fact };
  if (family === 'pattern') {
    const key = `/${String(value)}/${leaf.flags ?? ''}`;
    patterns.set(key, new RegExp(String(value), leaf.flags ?? ''));
    return key;
  }
  if (family === 'date') {
    if (typeof value === 'object' && value !== null && 'fromNow' in value)
      return { fact: CLOCK_FACT, params: value.fromNow };
    return toEpochMs(value);
  }
  return value;
}
