import { z } from 'zod';
import { defineMessage } from './define-message';
import { MessageRegistry } from './message-registry';
import { platformMessages } from '../platform-messages';
import { nonStrictObjectPaths } from '../schema/walk-schema';

const V1 = defineMessage('test.customer.registered', 1, z.strictObject({ name: z.string() }));
const V2 = defineMessage(
  'test.customer.registered',
  2,
  z.strictObject({ firstName: z.string(), lastName: z.string() }),
);
const V3 = defineMessage(
  'test.customer.registered',
  3,
  z.strictObject({ firstName: z.string(), lastName: z.string(), locale: z.string() }),
);

function registry() {
  return new MessageRegistry('test')
    .register(V1, V2, V3)
    .upcaster(V1, V2, (p) => {
      const [firstName = '', ...rest] = p.name.split(' ');
      return { firstName, lastName: rest.join(' ') };
    })
    .upcaster(V2, V3, (p) => ({ ...p, locale: 'en-US' }));
}

const meta = { correlationId: 'c', tenantId: 't', actor: { kind: 'user' as const, id: 'u' } };

describe('MessageRegistry', () => {
  it('reads an old version and upcasts it through every step to the latest', () => {
    const old = V1.create({ name: 'Ada King Lovelace' }, meta);
    const result = registry().parse(JSON.parse(JSON.stringify(old)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.receivedVersion).toBe(1);
    expect(result.value.definition).toBe(V3);
    expect(result.value.envelope).toMatchObject({
      id: old.id,
      schemaVersion: 3,
      payload: { firstName: 'Ada', lastName: 'King Lovelace', locale: 'en-US' },
    });
  });

  it('validates the old version before upcasting', () => {
    const result = registry().parse({ ...V1.create({ name: 'x' }, meta), payload: { name: 1 } });
    expect(!result.ok && result.error.issues[0]).toMatchObject({ path: 'payload.name', rule: 'invalid_type' });
  });

  it('fails with no_upcaster when a step of the chain is missing', () => {
    const partial = new MessageRegistry('partial')
      .register(V1, V2, V3)
      .upcaster(V2, V3, (p) => ({ ...p, locale: 'x' }));
    const result = partial.parse(V1.create({ name: 'a b' }, meta));
    expect(!result.ok && result.error.issues[0]?.rule).toBe('no_upcaster');
  });

  it('names an unknown type or version', () => {
    const result = registry().parse({ ...V1.create({ name: 'x' }, meta), schemaVersion: 9 });
    expect(!result.ok && result.error.issues[0]).toMatchObject({ rule: 'unknown_message_type', path: 'type' });
    const shapeless = registry().parse('not an envelope');
    expect(!shapeless.ok && shapeless.error.issues[0]?.rule).toBe('invalid_envelope');
  });

  it('refuses duplicate definitions and upcasters that skip versions', () => {
    expect(() => new MessageRegistry('dup').register(V1, V1)).toThrow(/registered twice/);
    expect(() =>
      new MessageRegistry('skip')
        .register(V1, V3)
        .upcaster(V1, V3, () => ({ firstName: '', lastName: '', locale: '' })),
    ).toThrow(/one version to the next/);
  });

  it.each([
    ['platform', platformMessages()],
    ['test', registry()],
  ])('every object of every message in the %s registry is strict', (_name, candidate) => {
    const definitions = candidate.definitions();
    expect(definitions.length).toBeGreaterThan(0);
    for (const definition of definitions) {
      expect({ type: definition.type, loose: nonStrictObjectPaths(definition.envelope) }).toEqual({
        type: definition.type,
        loose: [],
      });
    }
  });
});
