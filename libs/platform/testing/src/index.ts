export * from './lib/suite-name';
export * from './lib/test-env';
export * from './lib/isolated-schema';
export * from './lib/isolated-broker-names';
export * from './lib/fault-proxy';
export * from './lib/built-process';
export * from './lib/row-locks';
export * from './lib/next-message';
