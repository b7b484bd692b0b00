import { z } from 'zod';
import { loadConfig } from './load-config';
import { platformEnvSchema } from './platform-env';
import { isConfigError } from './config-error';
import { redactUrl } from './redact-url';
import { runMain } from './run-main';
import { ConfigError } from './config-error';

describe('loadConfig', () => {
  it('fills the documented defaults', () => {
    expect(loadConfig(platformEnvSchema, {})).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/baton',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      LLM_PROVIDER: 'deterministic',
      ROLE: 'all',
      PORT: 3000,
    });
  });

  it('names every bad variable and its rule, without echoing values', () => {
    let caught: unknown;
    try {
      loadConfig(platformEnvSchema, {
        DATABASE_URL: 'mysql://root:s3cret@db/x',
        PORT: 'eighty',
        LLM_PROVIDER: 'magic',
      });
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    const message = (caught as Error).message;
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/LLM_PROVIDER: /);
    expect(message).not.toContain('s3cret');
  });

  it('lets an app extend the platform schema', () => {
    const schema = platformEnvSchema.extend({ REVIEW_EXPIRY_HOURS: z.coerce.number().positive().default(72) });
    expect(loadConfig(schema, { REVIEW_EXPIRY_HOURS: '4' }).REVIEW_EXPIRY_HOURS).toBe(4);
  });
});

describe('redactUrl', () => {
  it('hides passwords and keeps the rest', () => {
    expect(redactUrl('amqp://guest:guest@127.0.0.1:5672')).toBe('amqp://guest:***@127.0.0.1:5672');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/baton')).toBe('postgres://postgres@127.0.0.1:5432/baton');
    expect(redactUrl('not a url')).toBe('(unparseable URL)');
  });
});

describe('runMain', () => {
  it('prints a known start-up failure as one line, without a stack, and exits 1', async () => {
    const lines: string[] = [];
    const codes: number[] = [];
    await runMain(
      async () => {
        throw new ConfigError(
          'DEPENDENCY_UNREACHABLE',
          'cannot reach PostgreSQL at postgres://x (ECONNREFUSED): start it',
        );
      },
      { write: (line) => lines.push(line), exit: (code) => codes.push(code) },
    );
    expect(lines).toEqual(['baton: cannot reach PostgreSQL at postgres://x (ECONNREFUSED): start it\n']);
    expect(codes).toEqual([1]);
  });

  it('keeps the stack of an unexpected failure', async () => {
    const lines: string[] = [];
    await runMain(
      async () => {
        throw new TypeError('bug');
      },
      { write: (line) => lines.push(line), exit: () => undefined },
    );
    expect(lines.join('')).toMatch(/unexpected failure\nTypeError: bug\n\s+at /);
  });
});
