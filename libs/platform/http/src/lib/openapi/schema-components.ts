import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

/** A JSON Schema (draft 2020-12, which OpenAPI 3.1 uses as is). */
export type JsonSchema = Record<string, unknown>;

/**
 * Converts zod schemas with `z.toJSONSchema` for one OpenAPI document. A schema is inlined where
 * it is used; what zod puts in `$defs` (schemas with a registered id) moves to
 * `components.schemas`, and a recursive schema (`$ref: '#'`) becomes a component of its own,
 * because `#` means the whole OpenAPI document there.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of one request (`input`) or response (`output`) body. */
  add(schema: z.ZodType, io: 'input' | 'output', nameHint: string): JsonSchema {
    const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;
    const refs = new Map<string, string>();
    const defs = Object.entries(($defs ?? {}) as Record<string, JsonSchema>);
    for (const [name] of defs) refs.set(`#/$defs/${name}`, `#/components/schemas/${name}`);
    if (containsRef(root, '#')) refs.set('#', `#/components/schemas/${this.freeName(nameHint)}`);
    // Names taken by a different schema get a suffix; the loop settles once every ref is final.
    for (const [name, def] of defs) {
      let target = name;
      for (let n = 2; this.schemas[target] && !isDeepStrictEqual(this.schemas[target], rewriteRefs(def, refs)); n += 1)
        target = `${name}_${n}`;
      refs.set(`#/$defs/${name}`, `#/components/schemas/${target}`);
    }
    for (const [name, def] of defs)
      this.schemas[componentName(refs.get(`#/$defs/${name}`) as string)] = rewriteRefs(def, refs);
    const rewritten = rewriteRefs(root, refs);
    const self = refs.get('#');
    if (!self) return rewritten;
    this.schemas[componentName(self)] = rewritten;
    return { $ref: self };
  }

  private freeName(hint: string): string {
    let name = hint;
    for (let n = 2; this.schemas[name]; n += 1) name = `${hint}_${n}`;
    return name;
  }
}

function componentName(ref: string): string {
  return ref.slice('#/components/schemas/'.length);
}

function containsRef(value: unknown, ref: string): boolean {
  if (Array.isArray(value)) return value.some((item) => containsRef(item, ref));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => (key === '$ref' && item === ref) || containsRef(item, ref));
}

function rewriteRefs<T>(value: T, refs: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, refs)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' ? (refs.get(item) ?? item) : rewriteRefs(item, refs),
    ]),
  ) as T;
}
