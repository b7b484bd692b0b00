export * from './lib/decide-case';
