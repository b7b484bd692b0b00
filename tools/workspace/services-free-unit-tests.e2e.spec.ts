import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './workspace-paths';

// A workflow is tested in memory: the loan feature's unit tier (its workflow on testWorkflow
// among them) passes with every service URL pointing at a port where nothing listens.
const CLOSED = '127.0.0.1:1';

describe('unit tests need no services', () => {
  it('runs the loan feature unit tier with PostgreSQL and RabbitMQ unreachable', () => {
    const result = spawnSync(
      join(repoRoot, 'node_modules/.bin/jest'),
      ['-c', 'libs/loan-underwriting/feature/jest.config.js', '--ci', '--reporters=default'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          DATABASE_URL: `postgres://postgres@${CLOSED}/none`,
          RABBITMQ_URL: `amqp://guest:guest@${CLOSED}`,
          BATON_TEST_DATABASE_URL: `postgres://postgres@${CLOSED}/none`,
          BATON_TEST_RABBITMQ_URL: `amqp://guest:guest@${CLOSED}`,
        },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect({
      status: result.status,
      failed: /failed/.test(output.split('\n').find((l) => l.startsWith('Tests:')) ?? ''),
    }).toEqual({
      status: 0,
      failed: false,
    });
    // The in-memory suite of the loan workflow is among what ran.
    expect(output).toMatch(/underwriting\.memory\.spec\.ts/);
  }, 120_000);
});
