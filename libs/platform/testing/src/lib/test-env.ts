/** Where integration suites find the real services; overridable for other machines. */
export const testEnv = {
  /** A database the suites own; each suite works in its own schema inside it. */
  databaseUrl: process.env['BATON_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/baton_test',
  rabbitmqUrl: process.env['BATON_TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
};
