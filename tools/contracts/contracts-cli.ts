// npm run contracts -- export <dir>
// Writes JSON Schema for every registered message version and one AsyncAPI 3 document per
// registry: <dir>/<registry>/<type>.v<version>.schema.json and <dir>/<registry>.asyncapi.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toAsyncApi, toJsonSchemas } from '@baton/contracts';
import { exportedRegistries } from './registries';

function exportAll(dir: string): void {
  for (const { registry, title, version } of exportedRegistries()) {
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
    console.log(
      `contracts: ${registry.name}: ${Object.keys(schemas).length} JSON Schemas and 1 AsyncAPI document in ${dir}`,
    );
  }
}

const [command, dir] = process.argv.slice(2);
if (command !== 'export' || !dir) {
  console.error('usage: npm run contracts -- export <dir>');
  process.exit(2);
}
exportAll(resolve(process.env['INIT_CWD'] ?? process.cwd(), dir));
