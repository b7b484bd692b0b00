// Resolves @baton/* imports of built JavaScript (dist/out-tsc) the way tsconfig.base.json
// resolves them for TypeScript, so spawned processes run the same code the tests compile.
// Usage: node -r ./tools/runtime/register.js dist/out-tsc/apps/<app>/src/main.js
const path = require('node:path');
const fs = require('node:fs');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '..', '..');
const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const paths = Object.fromEntries(
  Object.entries(base.compilerOptions.paths).map(([alias, targets]) => [
    alias,
    targets.map((target) => target.replace(/\.ts$/, '.js')),
  ]),
);

tsconfigPaths.register({ baseUrl: path.join(root, 'dist', 'out-tsc'), paths });
