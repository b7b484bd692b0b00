import { z } from 'zod';
import { defineMessage } from '../messages/define-message';
import { MessageRegistry } from '../messages/message-registry';
import { platformMessages } from '../platform-messages';
import { toJsonSchemas } from './json-schema';
import { toAsyncApi } from './asyncapi';

const V1 = defineMessage(
  'test.parcel.shipped',
  1,
  z.strictObject({ parcelId: z.string(), weightKg: z.number().positive() }),
);
const V2 = defineMessage(
  'test.parcel.shipped',
  2,
  z.strictObject({ parcelId: z.string(), weightGrams: z.int().positive() }),
);
const Other = defineMessage('test.parcel.lost', 1, z.strictObject({ parcelId: z.string() }));

describe('export', () => {
  const registry = new MessageRegistry('parcels').register(V1, V2, Other);

  it('writes a JSON Schema for every message version, strict at every level', () => {
    const schemas = toJsonSchemas(registry);
    expect(Object.keys(schemas).sort()).toEqual([
      'test.parcel.lost.v1',
      'test.parcel.shipped.v1',
      'test.parcel.shipped.v2',
    ]);
    const shipped = schemas['test.parcel.shipped.v2'] as {
      additionalProperties: boolean;
      properties: Record<string, { additionalProperties?: boolean; required?: string[] }>;
      $schema: string;
    };
    expect(shipped.$schema).toContain('2020-12');
    expect(shipped.additionalProperties).toBe(false);
    expect(shipped.properties['payload']).toMatchObject({
      additionalProperties: false,
      required: ['parcelId', 'weightGrams'],
    });
  });

  it('exports every platform message', () => {
    expect(Object.keys(toJsonSchemas(platformMessages())).length).toBe(platformMessages().definitions().length);
  });

  it('writes an AsyncAPI 3 document with a channel per type and a message per version', () => {
    const doc = toAsyncApi(registry, { title: 'Parcels', version: '1.0.0' });
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual(['test.parcel.lost', 'test.parcel.shipped']);
    expect(Object.keys(doc.channels['test.parcel.shipped']?.messages ?? {})).toEqual([
      'test.parcel.shipped.v1',
      'test.parcel.shipped.v2',
    ]);
    expect(doc.operations['send_test.parcel.shipped']).toMatchObject({
      action: 'send',
      channel: { $ref: '#/channels/test.parcel.shipped' },
    });
    const message = doc.components.messages['test.parcel.shipped.v1'];
    expect(message?.payload.schemaFormat).toBe('application/schema+json;version=draft-07');
    expect(message?.payload.schema).not.toHaveProperty('$schema');
    // every $ref in the document points at something that exists
    const refs = JSON.stringify(doc).match(/"\$ref":"([^"]+)"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice(8, -1).replace(/^#\//, '').split('/');
      const target = pointer.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });
});
