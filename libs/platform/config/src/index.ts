export * from './lib/config-error';
export * from './lib/load-config';
export * from './lib/platform-env';
export * from './lib/redact-url';
export * from './lib/reachability';
export * from './lib/run-main';
export * from './lib/vertical-env';
