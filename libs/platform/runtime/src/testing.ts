// Fixtures for suites that run a vertical on the real PostgreSQL and RabbitMQ.
export * from './lib/testing/start-test-vertical';
export * from './lib/testing/until-run';
