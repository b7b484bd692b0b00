import type { JsonObject } from '../support/json';

/** What a rule may use besides the data: a seeded random source, never the clock. */
export interface RuleContext {
  /** The tool (= output schema name) being answered. */
  readonly toolName: string;
  /** The model's seed. */
  readonly seed: number;
  /** Seeded by the model's seed and the data, so the same prompt gets the same draws. */
  readonly random: () => number;
}

/**
 * How the deterministic model answers one output schema: from the prompt's fenced data (by
 * variable name, already redacted) to the tool arguments.
 */
export type DeterministicRule = (data: JsonObject, context: RuleContext) => JsonObject;

/**
 * The rules each vertical registers with the deterministic model, by output schema name.
 *
 * @example
 * const rules = new DeterministicRules().register('loan_risk_assessment', (data) => ({ band: 'low', rationale: 'DTI under 20%' }));
 */
export class DeterministicRules {
  private readonly rules = new Map<string, DeterministicRule>();

  /** Registers (or replaces) the rule for one schema name. */
  register(schemaName: string, rule: DeterministicRule): this {
    this.rules.set(schemaName, rule);
    return this;
  }

  get(schemaName: string): DeterministicRule | undefined {
    return this.rules.get(schemaName);
  }

  has(schemaName: string): boolean {
    return this.rules.has(schemaName);
  }
}
