// The public API of @baton/runtime: a vertical as data (defineVertical), what is derived from it,
// its processes (runVertical and the roles), and the run client an API process uses.
export * from './lib/errors';
export * from './lib/definition/vertical-definition';
export * from './lib/definition/define-vertical';
export * from './lib/derive/derive-messages';
export * from './lib/derive/derive-migrations';
export * from './lib/client/run-client';
export * from './lib/api/accepted-answer';
export * from './lib/api/derived-id';
export * from './lib/api/idempotency-key';
export * from './lib/api/run-resources';
export * from './lib/api/run-view';
export * from './lib/model/vertical-model-gateway';
export * from './lib/roles/process-resources';
export * from './lib/roles/orchestrator-runtime';
export * from './lib/roles/worker-role';
export * from './lib/roles/relay-role';
export * from './lib/roles/api-role';
export * from './lib/run/start-vertical';
export * from './lib/run/graceful-shutdown';
export * from './lib/run/run-vertical';
