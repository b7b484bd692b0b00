import type { z } from 'zod';

/** The zod 4 schema node types that contain other schemas, and where. */
type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/**
 * Visits every schema reachable from `schema` (objects, arrays, unions, wrappers, ...), each
 * once, with the path of property names that leads to it. Used to prove definitions strict and
 * JSON-only when they are registered, not when a bad message arrives.
 */
export function walkSchema(
  schema: z.core.$ZodType,
  visit: (node: z.core.$ZodType, path: readonly string[]) => void,
): void {
  const seen = new Set<z.core.$ZodType>();
  const step = (node: z.core.$ZodType, path: readonly string[]): void => {
    if (seen.has(node)) return;
    seen.add(node);
    visit(node, path);
    for (const [child, segment] of children(node._zod.def as Def)) {
      step(child, segment === undefined ? path : [...path, segment]);
    }
  };
  step(schema, []);
}

function children(def: Def): Array<[z.core.$ZodType, string | undefined]> {
  const found: Array<[z.core.$ZodType, string | undefined]> = [];
  const add = (value: unknown, segment?: string) => {
    if (isSchema(value)) found.push([value, segment]);
  };
  switch (def.type) {
    case 'object': {
      const shape = def['shape'] as Record<string, unknown>;
      for (const [key, value] of Object.entries(shape)) add(value, key);
      add(def['catchall'], '*');
      break;
    }
    case 'array':
      add(def['element'], '[]');
      break;
    case 'union':
      for (const option of def['options'] as unknown[]) add(option);
      break;
    case 'intersection':
      add(def['left']);
      add(def['right']);
      break;
    case 'record':
      add(def['keyType'], '{key}');
      add(def['valueType'], '{}');
      break;
    case 'tuple':
      (def['items'] as unknown[]).forEach((item, index) => add(item, String(index)));
      add(def['rest'], '[]');
      break;
    case 'pipe':
      add(def['in']);
      add(def['out']);
      break;
    case 'lazy':
      add((def['getter'] as () => unknown)());
      break;
    default:
      // optional, nullable, default, readonly, catch, nonoptional, prefault, success ...
      add(def['innerType']);
  }
  return found;
}

function isSchema(value: unknown): value is z.core.$ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** Paths of objects that would accept unknown keys (not `z.strictObject`). Empty when strict. */
export function nonStrictObjectPaths(schema: z.core.$ZodType): string[] {
  const loose: string[] = [];
  walkSchema(schema, (node, path) => {
    const def = node._zod.def as Def;
    if (def.type !== 'object') return;
    const catchall = def['catchall'] as z.core.$ZodType | undefined;
    if (catchall?._zod.def.type !== 'never') loose.push(path.join('.') || '(root)');
  });
  return loose;
}
