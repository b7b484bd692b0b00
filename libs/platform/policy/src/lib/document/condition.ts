import type { FactRef, OperatorName } from '../operators/operator-catalogue';
import type { RelativeTime } from '../operators/date-values';

/** A constant, a list of constants, a reference to another fact, a relative time or a range. */
export type ConditionValue =
  string | number | boolean | readonly (string | number | boolean)[] | FactRef | RelativeTime;

/** One comparison of a context fact: `{ "fact": "loan.amount", "operator": "greaterThan", "value": 250000 }`. */
export interface LeafCondition {
  readonly fact: string;
  readonly operator: OperatorName;
  /** Absent only for `present` and `absent`. */
  readonly value?: ConditionValue;
  /** Regular-expression flags (`i`, `m`, `s`, `u`) for `matches` and `doesNotMatch`. */
  readonly flags?: string;
}

export interface AllCondition {
  readonly all: readonly PolicyCondition[];
}
export interface AnyCondition {
  readonly any: readonly PolicyCondition[];
}
export interface NotCondition {
  readonly not: PolicyCondition;
}

/** A condition over the intent's context: all / any / not of comparisons. */
export type PolicyCondition = AllCondition | AnyCondition | NotCondition | LeafCondition;

/**
 * True for an all / any / not node.
 *
 * @example isBooleanCondition({ not: { fact: 'a', operator: 'present' } }) // true
 */
export function isBooleanCondition(
  condition: PolicyCondition,
): condition is AllCondition | AnyCondition | NotCondition {
  return 'all' in condition || 'any' in condition || 'not' in condition;
}
