export * from './lib/case';
export * from './lib/messages';
export * from './lib/api';
