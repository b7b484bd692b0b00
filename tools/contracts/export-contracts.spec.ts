import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformMessages, type MessageRegistry } from '@baton/contracts';
import { verticals } from '../verticals';
import { exportContracts } from './export-contracts';
import { exportedRegistries } from './registries';

interface AsyncApi {
  readonly info: { readonly title: string };
  readonly components: { readonly messages: Record<string, { readonly name: string; readonly title: string }> };
}

describe('exportContracts', () => {
  const out = mkdtempSync(join(tmpdir(), 'baton-contracts-unit-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  let written: ReturnType<typeof exportContracts>;
  beforeAll(() => {
    written = exportContracts(out);
  });
  const asyncApi = (registry: string) =>
    JSON.parse(readFileSync(join(out, `${registry}.asyncapi.json`), 'utf8')) as AsyncApi;

  /** Every definition of `registry` has its JSON Schema file and its AsyncAPI message. */
  const expectExported = (registry: MessageRegistry) => {
    const files = readdirSync(join(out, registry.name));
    const messages = Object.values(asyncApi(registry.name).components.messages).map((m) => m.title);
    const definitions = registry.definitions();
    expect(definitions.length).toBeGreaterThan(0);
    for (const { type, version } of definitions) {
      expect(files).toContain(`${type}.v${version}.schema.json`);
      expect(messages).toContain(`${type} v${version}`);
    }
    expect(files).toHaveLength(definitions.length);
  };

  it("writes the platform's messages", () => {
    expectExported(platformMessages());
    expect(asyncApi('platform').info.title).toBe('Baton platform messages');
  });

  it.each(verticals.map((entry) => [entry.short, entry] as const))(
    'writes every message the %s vertical speaks, titled after it',
    (_short, { vertical }) => {
      expectExported(vertical.messages());
      expect(asyncApi(vertical.messages().name).info.title.toLowerCase()).toBe(
        `baton ${vertical.definition.title.toLowerCase()} messages`,
      );
    },
  );

  it('writes one registry per vertical beside the platform, and reports each', () => {
    expect(written.map((entry) => entry.registry)).toEqual([
      'platform',
      ...verticals.map(({ vertical }) => vertical.messages().name),
    ]);
    expect(exportedRegistries().map((entry) => entry.registry.definitions().length)).toEqual(
      written.map((entry) => entry.schemas),
    );
  });
});
