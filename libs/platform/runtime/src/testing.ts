// Fixtures for suites that run a vertical: on the real PostgreSQL and RabbitMQ, or in memory.
export * from './lib/testing/start-test-vertical';
export * from './lib/testing/until-run';
export * from './lib/testing/in-memory-vertical';
export * from './lib/testing/worker-crash-suite';
export * from './lib/testing/collect-published';
