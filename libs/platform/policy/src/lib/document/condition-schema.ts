import { z } from 'zod';
import {
  factPathSchema,
  isOperatorName,
  operatorNames,
  operators,
  OperatorName,
} from '../operators/operator-catalogue';
import type { PolicyCondition } from './condition';
import { policyErrorMap } from './error-map';

type Path = (string | number)[];
interface ConditionIssue {
  readonly path: Path;
  readonly message: string;
}

/** Deeper than this is a generated document gone wrong, not a policy someone can review. */
const MAX_DEPTH = 16;
const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const SHAPE_HINT =
  'a condition must be {"all": [...]}, {"any": [...]}, {"not": {...}} or {"fact", "operator", "value"}';

const leafSchemas = new Map<OperatorName, z.ZodType>(
  operatorNames.map((name) => {
    const spec = operators[name];
    const shape = {
      fact: factPathSchema,
      operator: z.literal(name),
      value: spec.value ?? z.literal(true, { error: 'takes no value (or true)' }).optional(),
      ...(spec.family === 'pattern'
        ? {
            flags: z
              .string()
              .regex(/^(?!.*(.).*\1)[imsu]*$/, 'may only hold the flags i, m, s, u, each once')
              .optional(),
          }
        : {}),
    };
    return [name, z.strictObject(shape)];
  }),
);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every problem of a condition tree, each with its path. Hand-walked rather than a zod union,
 * because a union reports "invalid input" at the node instead of naming the bad operator.
 */
export function conditionIssues(node: unknown, path: Path = [], depth = 0): ConditionIssue[] {
  if (node === undefined) return [{ path, message: 'is required' }];
  if (!isObject(node)) return [{ path, message: SHAPE_HINT }];
  if (depth > MAX_DEPTH) return [{ path, message: `is nested more than ${MAX_DEPTH} levels deep` }];
  const booleans = BOOLEAN_KEYS.filter((key) => key in node);
  if (booleans.length > 0) return booleanIssues(node, booleans, path, depth);
  if (!('operator' in node)) return [{ path: [...path, 'operator'], message: 'is required' }];
  if (!isOperatorName(node['operator'])) {
    return [
      {
        path: [...path, 'operator'],
        message: `unknown operator ${JSON.stringify(node['operator'])}; use one of ${operatorNames.join(', ')}`,
      },
    ];
  }
  return leafIssues(node, node['operator'], path);
}

function booleanIssues(
  node: Record<string, unknown>,
  booleans: readonly string[],
  path: Path,
  depth: number,
): ConditionIssue[] {
  const [key] = booleans as [string];
  const extra = Object.keys(node).filter((name) => name !== key);
  if (extra.length > 0)
    return extra.map((name) => ({ path: [...path, name], message: `is not allowed beside "${key}"; ${SHAPE_HINT}` }));
  const children = node[key];
  if (key === 'not') return conditionIssues(children, [...path, 'not'], depth + 1);
  if (!Array.isArray(children) || children.length === 0)
    return [{ path: [...path, key], message: 'must be a non-empty array of conditions' }];
  return children.flatMap((child, index) => conditionIssues(child, [...path, key, index], depth + 1));
}

function leafIssues(node: Record<string, unknown>, operator: OperatorName, path: Path): ConditionIssue[] {
  const result = (leafSchemas.get(operator) as z.ZodType).safeParse(node, { error: policyErrorMap });
  const issues: ConditionIssue[] = result.success
    ? []
    : result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              path: [...path, ...issue.path.map(segment), key],
              message: 'is not a field of a condition',
            }))
          : [{ path: [...path, ...issue.path.map(segment)], message: issue.message }],
      );
  if (operators[operator].family === 'pattern' && typeof node['value'] === 'string') {
    try {
      new RegExp(node['value'], typeof node['flags'] === 'string' ? node['flags'] : '');
    } catch (error) {
      issues.push({
        path: [...path, 'value'],
        message: `is not a valid regular expression: ${(error as Error).message}`,
      });
    }
  }
  return issues;
}

const segment = (key: PropertyKey): string | number => (typeof key === 'number' ? key : String(key));

/** A condition tree, validated by {@link conditionIssues} inside the document's zod schema. */
export const conditionSchema = z.custom<PolicyCondition>().superRefine((value, context) => {
  for (const issue of conditionIssues(value))
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
