import nx from '@nx/eslint-plugin';

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
  { sourceTag: 'scope:loan', onlyDependOnLibsWithTags: ['scope:loan', 'scope:shared'] },
  { sourceTag: 'scope:triage', onlyDependOnLibsWithTags: ['scope:triage', 'scope:shared'] },
  { sourceTag: 'scope:fleet', onlyDependOnLibsWithTags: ['scope:fleet', 'scope:shared'] },
  // The workspace's own commands (bench, demo, token, erase) drive whole verticals.
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:loan', 'scope:triage', 'scope:fleet'] },
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
];
