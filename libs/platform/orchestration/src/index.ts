// The public API of @baton/orchestration: workflow definitions and their steps, the engine and
// its ports, the worker's parts (continuations, timers, breakers), replay and the Nest module.
// The engine's internals (run repository, executor, recovery, timer SQL) stay inside; tests
// take fakes from the `testing` entry.
export * from './lib/definition/errors';
export * from './lib/definition/steps';
export * from './lib/definition/step-builders';
export { agentCalls, branchStepId, findStep, modelStepsOf, splitBranchId } from './lib/definition/branch-steps';
export type { AgentCall } from './lib/definition/branch-steps';
export * from './lib/definition/workflow-definition';
export * from './lib/run/run-events';
export type { BranchProgress, ParallelProgress, RunStatus, RunWait, StepRecord, RunState } from './lib/run/run-state';
export { runIdFor } from './lib/run/run-ids';
export { runEventsFromStored } from './lib/run/stored-run-events';
export * from './lib/ports/policy.port';
export * from './lib/ports/model.port';
export * from './lib/ports/clock';
export * from './lib/ports/observer.port';
export * from './lib/ports/run-store.port';
export * from './lib/database/orchestration-migrations';
export * from './lib/resilience/backoff';
export * from './lib/resilience/downstream-breakers';
export { ChildRunFinished, continuationMessages, RunAdvanceRequested } from './lib/continuation/continuation-messages';
export * from './lib/continuation/continuation-consumer';
export * from './lib/continuation/local-continuation';
export * from './lib/engine/engine-dependencies';
export * from './lib/engine/workflow-registry';
export { follow } from './lib/engine/run-executor';
export { DEFAULT_RETRY_BUDGET } from './lib/engine/run-recovery';
export * from './lib/engine/workflow-engine';
export * from './lib/engine/timer-poller';
export * from './lib/agents/entity-state-store';
export * from './lib/replay/replay-run';
export * from './lib/nest/orchestration.module';
export * from './lib/adapters/policy-engine.port';
export { modelCatalogue, ModelGatewayPort } from './lib/adapters/model-gateway.port';
export * from './lib/adapters/postgres-run-store';
export * from './lib/definition/workflow-topology';
