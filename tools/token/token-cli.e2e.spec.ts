import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { TokenService } from '@baton/http';
import { repoRoot, listedVerticals, namingLoan } from '../workspace/workspace-paths';

describe('npm run token (built CLI, real PostgreSQL)', () => {
  let db: IsolatedSchema;

  beforeAll(async () => {
    // An empty schema: the CLI must create the secrets table (and the key) itself.
    db = await createIsolatedSchema('token cli');
  });
  afterAll(() => db?.drop());

  const token = (env: Record<string, string | undefined>, ...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools/runtime/register.js'),
        join(repoRoot, 'dist/out-tsc/tools/token/token-cli.js'),
        ...namingLoan(args),
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          DATABASE_URL: db.databaseUrl,
          DATABASE_SCHEMA: db.schema,
          AUTH_SIGNING_KEY: undefined,
          NODE_ENV: 'production',
          ...env,
        },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  const storedKey = async () => {
    const client = new Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      const result = await client.query(
        `SELECT value FROM "${db.schema}".baton_secrets WHERE name = 'api-token-signing-key'`,
      );
      return result.rows[0]?.value as string;
    } finally {
      await client.end();
    }
  };

  it('prints only a token, signed with the key stored in the schema, that verifies to the principal asked for', async () => {
    const first = token({}, '--role', 'underwriter', '--tenant', 'acme', '--subject', 'u-17', '--ttl', '600');
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const key = await storedKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(new TokenService(key).verify(first.stdout.trim())).resolves.toEqual({
      subject: 'u-17',
      role: 'underwriter',
      tenant: 'acme',
    });

    // A second run reuses the stored key rather than making another.
    const second = token({}, '--role', 'auditor', '--tenant', 'acme');
    await expect(new TokenService(key).verify(second.stdout.trim())).resolves.toEqual({
      subject: 'auditor@acme',
      role: 'auditor',
      tenant: 'acme',
    });
    expect(await storedKey()).toBe(key);
  });

  it('signs with AUTH_SIGNING_KEY when it is set', async () => {
    const configured = 'c'.repeat(40);
    const result = token({ AUTH_SIGNING_KEY: configured }, '--role', 'intake', '--tenant', 'acme');
    expect(result.status).toBe(0);
    await expect(new TokenService(configured).verify(result.stdout.trim())).resolves.toMatchObject({ role: 'intake' });
    await expect(new TokenService(await storedKey()).verify(result.stdout.trim())).rejects.toMatchObject({
      problem: { detail: 'the token has an invalid signature' },
    });
  });

  it('takes --vertical loan and issues one of its roles', async () => {
    const issued = token({}, '--vertical', 'loan', '--role', 'auditor', '--tenant', 'acme');
    expect(issued).toMatchObject({ status: 0, stderr: '' });
    await expect(new TokenService(await storedKey()).verify(issued.stdout.trim())).resolves.toMatchObject({
      role: 'auditor',
    });
  });

  it('takes --vertical triage and issues its clinician role, refusing a role of another vertical by naming triage’s', async () => {
    const issued = token({}, '--vertical', 'triage', '--role', 'clinician', '--tenant', 'acme');
    expect(issued).toMatchObject({ status: 0, stderr: '' });
    await expect(new TokenService(await storedKey()).verify(issued.stdout.trim())).resolves.toEqual({
      subject: 'clinician@acme',
      role: 'clinician',
      tenant: 'acme',
    });
    const refused = token({}, '--vertical', 'triage', '--role', 'underwriter', '--tenant', 'acme');
    expect(refused).toMatchObject({ status: 2, stdout: '' });
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^baton: --role must be one of triage-nurse, clinician, auditor/),
    ]);
  });

  it('refuses a vertical that does not exist in one line listing them, with exit code 2', () => {
    const result = token({}, '--vertical', 'nope', '--role', 'intake', '--tenant', 'acme');
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
  });

  it('refuses an unknown role in one line naming the flag, with exit code 2', () => {
    const result = token({}, '--role', 'admin', '--tenant', 'acme');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^baton: --role must be one of intake, underwriter, auditor/),
    ]);
    expect(token({}, '--role', 'intake').stderr).toMatch(/^baton: --tenant is required/);
  });
});
