import { z } from 'zod';
import type { MessageRegistry } from '../messages/message-registry';

/** A JSON Schema document, as zod 4's converter writes it. */
export type JsonSchema = Record<string, unknown>;

/** The file-friendly id of one message version: `loan.application.requested.v1`. */
export function messageSchemaId(type: string, version: number): string {
  return `${type}.v${version}`;
}

/**
 * JSON Schema (draft 2020-12) of the whole envelope of every message version in a registry,
 * keyed by {@link messageSchemaId}.
 */
export function toJsonSchemas(
  registry: MessageRegistry,
  target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12',
): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const definition of registry.definitions()) {
    const schema = z.toJSONSchema(definition.envelope, { target }) as JsonSchema;
    schemas[messageSchemaId(definition.type, definition.version)] = {
      ...schema,
      $id: `urn:baton:${registry.name}:${messageSchemaId(definition.type, definition.version)}`,
      title: `${definition.type} v${definition.version}`,
    };
  }
  return schemas;
}
