// For other libraries' tests: the in-memory ports (`import { StaticPolicy, ScriptedModel } from
// '@baton/orchestration/testing'`), and the orchestration suites' workflows with their policy and
// model, which the runtime's engine suites run as a test vertical.
export * from './lib/ports/in-memory-ports';
export * from './lib/testing/loan-like-workflow';
export * from './lib/testing/resilience-workflows';
export * from './lib/testing/parallel-workflows';
export * from './lib/testing/test-workflows';
export * from './lib/testing/in-memory-run-store';
export * from './lib/testing/virtual-clock';
export * from './lib/testing/test-workflow';
