import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toAsyncApi, toJsonSchemas } from '@baton/contracts';
import { ExportedRegistry, exportedRegistries } from './registries';

/** What one registry's export wrote. */
export interface RegistryExport {
  readonly registry: string;
  readonly schemas: number;
}

/**
 * Writes JSON Schema for every message version of each registry and one AsyncAPI 3 document per
 * registry: `<dir>/<registry>/<type>.v<version>.schema.json` and `<dir>/<registry>.asyncapi.json`.
 *
 * @example exportContracts('/tmp/contracts') // [{ registry: 'platform', schemas: 9 }, { registry: 'loan', schemas: 15 }]
 */
export function exportContracts(
  dir: string,
  registries: readonly ExportedRegistry[] = exportedRegistries(),
): RegistryExport[] {
  return registries.map(({ registry, title, version }) => {
    const schemaDir = join(dir, registry.name);
    mkdirSync(schemaDir, { recursive: true });
    const schemas = toJsonSchemas(registry);
    for (const [id, schema] of Object.entries(schemas)) {
      writeFileSync(join(schemaDir, `${id}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
    }
    writeFileSync(
      join(dir, `${registry.name}.asyncapi.json`),
      `${JSON.stringify(toAsyncApi(registry, { title, version }), null, 2)}\n`,
    );
    return { registry: registry.name, schemas: Object.keys(schemas).length };
  });
}
