import type { MessageRegistry } from '../messages/message-registry';
import { JsonSchema, messageSchemaId, toJsonSchemas } from './json-schema';

export interface AsyncApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** An AsyncAPI 3.0 document (only the parts Baton writes are typed). */
export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: AsyncApiInfo;
  readonly defaultContentType: 'application/json';
  readonly channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  readonly operations: Record<string, { action: 'send'; channel: { $ref: string }; messages: Array<{ $ref: string }> }>;
  readonly components: {
    readonly messages: Record<
      string,
      { name: string; title: string; contentType: string; payload: { schemaFormat: string; schema: JsonSchema } }
    >;
  };
}

/**
 * An AsyncAPI 3 document for a registry: one channel per message type (its address is the
 * type, which is also the routing key), every version as a message of that channel, and a
 * `send` operation per channel. Payloads are the envelopes' JSON Schemas (draft-07).
 */
export function toAsyncApi(registry: MessageRegistry, info: AsyncApiInfo): AsyncApiDocument {
  const schemas = toJsonSchemas(registry, 'draft-7');
  const channels: AsyncApiDocument['channels'] = {};
  const operations: AsyncApiDocument['operations'] = {};
  const messages: AsyncApiDocument['components']['messages'] = {};

  for (const definition of registry.definitions()) {
    const channelId = componentName(definition.type);
    const messageId = componentName(messageSchemaId(definition.type, definition.version));
    const { $schema: _dialect, ...schema } = schemas[
      messageSchemaId(definition.type, definition.version)
    ] as JsonSchema;
    messages[messageId] = {
      name: definition.type,
      title: `${definition.type} v${definition.version}`,
      contentType: 'application/json',
      payload: { schemaFormat: 'application/schema+json;version=draft-07', schema },
    };
    const channel = (channels[channelId] ??= { address: definition.type, messages: {} });
    channel.messages[messageId] = { $ref: `#/components/messages/${messageId}` };
    const operation = (operations[`send_${channelId}`] ??= {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      messages: [],
    });
    operation.messages.push({ $ref: `#/channels/${channelId}/messages/${messageId}` });
  }

  return {
    asyncapi: '3.0.0',
    info,
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

/** AsyncAPI component keys allow letters, digits, `.`, `_` and `-`. */
function componentName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_');
}
