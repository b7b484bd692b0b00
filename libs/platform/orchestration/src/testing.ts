// In-memory ports for other libraries' tests: `import { StaticPolicy, ScriptedModel } from '@baton/orchestration/testing'`.
export * from './lib/ports/in-memory-ports';
