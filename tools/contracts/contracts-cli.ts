// npm run contracts -- export <dir>
// Writes JSON Schema for every registered message version and one AsyncAPI 3 document per
// registry (the platform's, then each vertical's): <dir>/<registry>/<type>.v<version>.schema.json
// and <dir>/<registry>.asyncapi.json.
import { resolve } from 'node:path';
import { exportContracts } from './export-contracts';

const [command, dir] = process.argv.slice(2);
if (command !== 'export' || !dir) {
  console.error('usage: npm run contracts -- export <dir>');
  process.exit(2);
}
const target = resolve(process.env['INIT_CWD'] ?? process.cwd(), dir);
for (const { registry, schemas } of exportContracts(target)) {
  console.log(`contracts: ${registry}: ${schemas} JSON Schemas and 1 AsyncAPI document in ${target}`);
}
