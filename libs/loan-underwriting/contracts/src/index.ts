export * from './lib/application';
export * from './lib/agent-messages';
export * from './lib/decision';
export * from './lib/api';
