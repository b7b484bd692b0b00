import { readFileSync } from 'node:fs';
import nx from '@nx/eslint-plugin';

/** The verticals' scopes, from the one data file the vertical generator appends to. */
const verticals = JSON.parse(readFileSync(new URL('./tools/verticals.json', import.meta.url), 'utf8'));
/**
 * Scopes whose libraries exist before their vertical is generated (the fleet solver of issue 25):
 * once the generator appends the vertical to verticals.json, its entry here is a no-op.
 */
const scopesAheadOfTheirVertical = ['scope:fleet'];
const verticalScopes = [
  ...new Set([...verticals.map((entry) => `scope:${entry.short}`), ...scopesAheadOfTheirVertical]),
];

/**
 * A vertical is its workflows, agents, policies and contracts; the runtime owns process wiring.
 * So no vertical's library (tests and fixtures included) imports the Nest bootstrap, the broker
 * client or the topology builder: if it needs one, the platform is missing something.
 */
const verticalWiring = {
  paths: [
    { name: '@nestjs/core', message: 'process wiring belongs to @baton/runtime (runVertical, startVertical)' },
    { name: 'rabbitmq-client', message: 'the runtime owns broker links; suites use openTestBroker of @baton/testing' },
    {
      name: '@baton/messaging',
      importNames: ['buildTopology', 'declareTopology'],
      message: 'the runtime derives the topology from the workflows (vertical.topology())',
    },
  ],
};

/**
 * Dependency rules (STYLE.md): apps compose; features use domain, contracts and platform;
 * domain is pure and uses only contracts and platform utilities; contracts depend on
 * contracts alone (importable by any team without Nest); one scope never reaches into another.
 */
const depConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:contracts', 'type:platform'],
  },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:platform'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:platform'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...verticalScopes.map((scope) => ({ sourceTag: scope, onlyDependOnLibsWithTags: [scope, 'scope:shared'] })),
  // The workspace's own commands (bench, demo, token, erase) drive whole verticals.
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', ...verticalScopes] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'tmp', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allowCircularSelfDependency: false, depConstraints },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: verticals.map((entry) => `libs/${entry.dir}/**/*.ts`),
    rules: { 'no-restricted-imports': ['error', verticalWiring] },
  },
];
