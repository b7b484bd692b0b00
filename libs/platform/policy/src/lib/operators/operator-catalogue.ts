import { z } from 'zod';
import { isoDateSchema, relativeTimeSchema, toEpochMs } from './date-values';

/**
 * Every operator a condition may use. Anything else is rejected when the document is validated.
 *
 * @example operatorNames.includes('matches') // true
 */
export const operatorNames = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'between',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'matches',
  'doesNotMatch',
  'dateBefore',
  'dateAfter',
  'present',
  'absent',
] as const;
export type OperatorName = (typeof operatorNames)[number];

/**
 * A dotted path into the intent's context; array items by index (`items.0.sku`).
 *
 * @example factPathSchema.parse('applicant.income')
 */
export const factPathSchema = z
  .string()
  .regex(
    /^[A-Za-z_$][\w$-]*(\.([A-Za-z_$][\w$-]*|0|[1-9]\d*))*$/,
    'must be a dotted path such as applicant.income (array items by index: items.0.sku)',
  );

/**
 * Compare with another value of the same context instead of a constant.
 *
 * @example { "fact": "output.esiLevel", "operator": "greaterThan", "value": { "fact": "floor.esiLevel" } }
 */
export const factRefSchema = z.strictObject({ fact: factPathSchema });
export type FactRef = z.infer<typeof factRefSchema>;

/** A schema-level message that still says "is required" when the value is missing. */
const expecting = (message: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : message),
});

const scalar = z.union([z.string(), z.number(), z.boolean()], expecting('must be a string, number or boolean'));
const scalarOrRef = z.union(
  [z.string(), z.number(), z.boolean(), factRefSchema],
  expecting('must be a string, number or boolean, or {"fact": "path"}'),
);
const numberOrRef = z.union([z.number(), factRefSchema], expecting('must be a number or {"fact": "path"}'));
const dateValue = z.union(
  [isoDateSchema, factRefSchema, relativeTimeSchema],
  expecting(
    'must be an ISO date ("2026-01-31", or a date-time with a zone), {"fact": "path"} or {"fromNow": {"years": -18}}',
  ),
);

type Family = 'comparison' | 'range' | 'membership' | 'pattern' | 'date' | 'presence';

/** How one operator validates its document value and judges a fact. */
export interface OperatorSpec {
  readonly family: Family;
  /** The `value` a document gives; null for presence operators, which need none. */
  readonly value: z.ZodType | null;
  /** What the fact must be, in words, for explanations ("a number"). */
  readonly needs: string;
  /** Whether the fact has a type the operator applies to. */
  accepts(fact: unknown): boolean;
  /** The judgement, on a present fact of an accepted type and a resolved expected value. */
  holds(fact: unknown, expected: unknown): boolean;
}

const isScalar = (value: unknown): value is string | number | boolean =>
  ['string', 'number', 'boolean'].includes(typeof value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isDate = (value: unknown): boolean => !Number.isNaN(toEpochMs(value));

function numeric(compare: (fact: number, expected: number) => boolean): OperatorSpec {
  return {
    family: 'comparison',
    value: numberOrRef,
    needs: 'a number',
    accepts: isNumber,
    holds: (fact, expected) => isNumber(expected) && compare(fact as number, expected),
  };
}

function membership(negated: boolean): OperatorSpec {
  const list = z
    .array(scalar, expecting('must be an array of strings, numbers or booleans'))
    .min(1, 'must list at least one value');
  return {
    family: 'membership',
    value: list,
    needs: 'a string, number or boolean',
    accepts: isScalar,
    holds: (fact, expected) => Array.isArray(expected) && expected.includes(fact) !== negated,
  };
}

function containment(negated: boolean): OperatorSpec {
  return {
    family: 'membership',
    value: scalar,
    needs: 'an array or a string',
    accepts: (fact) => Array.isArray(fact) || typeof fact === 'string',
    holds: (fact, expected) => {
      const found = Array.isArray(fact)
        ? fact.includes(expected)
        : typeof expected === 'string' && (fact as string).includes(expected);
      return found !== negated;
    },
  };
}

function pattern(negated: boolean): OperatorSpec {
  const source = z.string(expecting('must be a regular expression, as a string')).min(1).max(1000);
  return {
    family: 'pattern',
    value: source,
    needs: 'a string',
    accepts: (fact) => typeof fact === 'string',
    holds: (fact, expected) => expected instanceof RegExp && expected.test(fact as string) !== negated,
  };
}

function date(compare: (fact: number, expected: number) => boolean): OperatorSpec {
  return {
    family: 'date',
    value: dateValue,
    needs: 'an ISO date',
    accepts: isDate,
    holds: (fact, expected) => isDate(expected) && compare(toEpochMs(fact), toEpochMs(expected)),
  };
}

const presence = (present: boolean): OperatorSpec => ({
  family: 'presence',
  value: null,
  needs: 'anything',
  accepts: () => true,
  holds: (fact) => (fact !== undefined && fact !== null) === present,
});

/**
 * The operator catalogue: comparisons, ranges, membership, regular expressions, dates and presence.
 *
 * @example operators.between.needs // 'a number'
 */
export const operators: Readonly<Record<OperatorName, OperatorSpec>> = {
  equal: {
    family: 'comparison',
    value: scalarOrRef,
    needs: 'a string, number or boolean',
    accepts: isScalar,
    holds: (fact, expected) => fact === expected,
  },
  notEqual: {
    family: 'comparison',
    value: scalarOrRef,
    needs: 'a string, number or boolean',
    accepts: isScalar,
    holds: (fact, expected) => isScalar(expected) && fact !== expected,
  },
  lessThan: numeric((fact, expected) => fact < expected),
  lessThanInclusive: numeric((fact, expected) => fact <= expected),
  greaterThan: numeric((fact, expected) => fact > expected),
  greaterThanInclusive: numeric((fact, expected) => fact >= expected),
  between: {
    family: 'range',
    value: z
      .tuple([z.number(), z.number()], expecting('must be [min, max], two numbers'))
      .refine(([min, max]) => min <= max, 'min must not exceed max'),
    needs: 'a number',
    accepts: isNumber,
    holds: (fact, expected) =>
      Array.isArray(expected) && (fact as number) >= Number(expected[0]) && (fact as number) <= Number(expected[1]),
  },
  in: membership(false),
  notIn: membership(true),
  contains: containment(false),
  doesNotContain: containment(true),
  matches: pattern(false),
  doesNotMatch: pattern(true),
  dateBefore: date((fact, expected) => fact < expected),
  dateAfter: date((fact, expected) => fact > expected),
  present: presence(true),
  absent: presence(false),
};

/** Why a leaf condition matched or not. */
export type Judgement = 'matched' | 'not_satisfied' | 'missing' | 'wrong_type' | 'missing_reference';

/**
 * Judges one fact under one operator. A missing fact (undefined or null) is a non-match for
 * every operator but `absent` (and `present`, which says so); so is a fact of the wrong type or a
 * missing `{ fact }` reference. Never throws.
 *
 * @example judge('greaterThan', 6200, 5000) // 'matched'
 */
export function judge(operator: OperatorName, fact: unknown, expected: unknown): Judgement {
  const spec = operators[operator];
  try {
    if (spec.family === 'presence') return spec.holds(fact, expected) ? 'matched' : 'not_satisfied';
    if (fact === undefined || fact === null) return 'missing';
    if (!spec.accepts(fact)) return 'wrong_type';
    if (expected === undefined || expected === null) return 'missing_reference';
    return spec.holds(fact, expected) ? 'matched' : 'not_satisfied';
  } catch {
    return 'not_satisfied';
  }
}

/**
 * True for a name in {@link operatorNames}.
 *
 * @example isOperatorName('greaterThen') // false
 */
export function isOperatorName(value: unknown): value is OperatorName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(operators, value);
}
