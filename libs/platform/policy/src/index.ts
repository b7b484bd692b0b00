// Errors
export * from './lib/errors/policy-error';
// Documents: schema, validation, files
export * from './lib/operators/operator-catalogue';
export * from './lib/operators/date-values';
export * from './lib/document/condition';
export * from './lib/document/policy-document';
export { formatPolicyIssue } from './lib/document/policy-issue';
export type { PolicyIssue } from './lib/document/policy-issue';
export * from './lib/document/validate-policy';
export * from './lib/document/policy-files';
// Evaluation (pure)
export { prepareContext, policyInputHash, readPath } from './lib/evaluation/context';
export type { JsonObject, PreparedContext } from './lib/evaluation/context';
export * from './lib/evaluation/document-hash';
export { CompiledPolicy } from './lib/evaluation/compile-policy';
export type { RuleRun, EvaluatedNode } from './lib/evaluation/compile-policy';
export * from './lib/evaluation/policy-set';
export * from './lib/evaluation/obligations';
export * from './lib/evaluation/combine';
export * from './lib/evaluation/decide';
export * from './lib/evaluation/explain';
export * from './lib/evaluation/format-explanation';
// Permits
export * from './lib/permit/mint-permit';
// Versions
export * from './lib/store/policy-store.port';
export * from './lib/store/in-memory-policy-store';
export * from './lib/store/postgres/postgres-policy-store';
export * from './lib/store/postgres/policy-database';
export * from './lib/store/postgres/policy-version.entity';
export * from './lib/store/postgres/policy-generation.entity';
export * from './lib/store/postgres/migrations/1764100000000-create-policy-versions';
// Audit and replay
export * from './lib/audit/decision-log.port';
export * from './lib/audit/event-store-decision-log';
export * from './lib/audit/postgres-decision-log';
export * from './lib/replay/replay-decisions';
export * from './lib/replay/format-replay';
// Table tests
export * from './lib/table-tests/run-policy-tests';
// Engine and NestJS module
export * from './lib/engine/policy-engine';
export * from './lib/engine/postgres-policy-storage';
export { PolicyModule, POLICY_MODULE_OPTIONS } from './lib/nest/policy.module';
export type { PolicyModuleOptions, PolicyModuleAsyncOptions } from './lib/nest/policy.module';
