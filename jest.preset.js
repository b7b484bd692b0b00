// Shared Jest set-up. Each project has one config per test tier:
//   jest.config.js      -> *.spec.ts (unit: pure and fast)
//   jest.int.config.js  -> *.int.spec.ts (real PostgreSQL and RabbitMQ)
//   jest.e2e.config.js  -> *.e2e.spec.ts (real processes)
//   jest.fault.config.js -> *.fault.spec.ts (restart shared services; run alone, in band)
// swc transpiles (keeping decorator metadata for Nest DI); `nx run-many -t typecheck`
// type-checks separately, so tests stay fast.
const path = require('node:path');
const fs = require('node:fs');

const workspaceRoot = __dirname;
const tsconfig = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));

const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(workspaceRoot, target),
  ]),
);

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// ESM-only packages (their `require` entry is ESM too: FACTS.md) that jest must turn into
// CommonJS; built Node 20.19+ processes load them with require(esm) as they are.
const ESM_PACKAGES = '/node_modules/@redactpii/.+\\.m?js$';
const esmToCommonJs = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

const tiers = {
  unit: {
    match: ['**/*.spec.ts'],
    ignore: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$', '\\.fault\\.spec\\.ts$'],
    timeout: 5_000,
  },
  int: { match: ['**/*.int.spec.ts'], ignore: [], timeout: 60_000 },
  e2e: { match: ['**/*.e2e.spec.ts'], ignore: [], timeout: 180_000 },
  // Suites that restart a shared service (the broker): run alone, after every other tier.
  fault: { match: ['**/*.fault.spec.ts'], ignore: [], timeout: 180_000 },
};

/**
 * Jest config for one project and tier.
 * @example module.exports = require('../../../jest.preset').tier(__dirname, 'unit');
 */
function tier(projectDir, name) {
  const chosen = tiers[name];
  const project = path.relative(workspaceRoot, projectDir).replace(/[\\/]/g, '-');
  return {
    displayName: `${project}:${name}`,
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: chosen.match,
    testPathIgnorePatterns: ['/node_modules/', '/dist/', ...chosen.ignore],
    transform: { '^.+\\.ts$': ['@swc/jest', swcOptions], [ESM_PACKAGES]: ['@swc/jest', esmToCommonJs] },
    transformIgnorePatterns: ['/node_modules/(?!@redactpii/)'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper,
    testTimeout: chosen.timeout,
    setupFiles: [path.join(workspaceRoot, 'tools/test/setup-env.js')],
    reporters: ['default', [path.join(workspaceRoot, 'tools/test/summary-reporter.js'), { project, tier: name }]],
  };
}

module.exports = { tier, workspaceRoot };
