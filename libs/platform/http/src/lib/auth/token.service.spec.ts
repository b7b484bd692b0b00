import { ProblemException } from '../problems/problem.exception';
import { TokenService } from './token.service';

const secret = 'k'.repeat(43);
const start = Date.parse('2026-11-24T10:00:00Z');

async function refusal(promise: Promise<unknown>): Promise<ProblemException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a ProblemException');
}

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return [header, Buffer.from(JSON.stringify({ ...claims, role: 'auditor' })).toString('base64url'), signature].join(
    '.',
  );
}

describe('TokenService', () => {
  let now = start;
  const tokens = new TokenService(secret, { now: () => now });
  beforeEach(() => {
    now = start;
  });

  it('issues a token that verifies to its principal', async () => {
    const token = await tokens.issue({ role: 'underwriter', tenant: 'acme', subject: 'u-17' });
    await expect(tokens.verify(token)).resolves.toEqual({ subject: 'u-17', role: 'underwriter', tenant: 'acme' });
  });

  it('defaults the subject to <role>@<tenant> and signs HS256 with issuer, audience and an 8-hour life', async () => {
    const token = await tokens.issue({ role: 'intake', tenant: 'acme' });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString())) as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: 'intake@acme',
      iss: 'baton',
      aud: 'baton-api',
      iat: start / 1000,
      exp: start / 1000 + 8 * 3600,
    });
  });

  it('refuses an expired token with 401 "expired" and a Bearer challenge', async () => {
    const token = await tokens.issue({ role: 'intake', tenant: 'acme', ttlSeconds: 60 });
    now = start + 61_000;
    const problem = await refusal(tokens.verify(token));
    expect(problem.getStatus()).toBe(401);
    expect(problem.problem.detail).toBe('the token has expired');
    expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer /);
  });

  it('refuses a tampered token (invalid signature) without echoing it', async () => {
    const token = tamper(await tokens.issue({ role: 'intake', tenant: 'acme' }));
    const problem = await refusal(tokens.verify(token));
    expect(problem.problem.detail).toBe('the token has an invalid signature');
    expect(JSON.stringify(problem.problem)).not.toContain(token.split('.')[1]);
  });

  it('refuses a token signed with another key', async () => {
    const other = await new TokenService('o'.repeat(43)).issue({ role: 'intake', tenant: 'acme' });
    expect((await refusal(tokens.verify(other))).problem.detail).toBe('the token has an invalid signature');
  });

  it('refuses a token for another audience or issuer', async () => {
    const elsewhere = await new TokenService(secret, { audience: 'other-api', now: () => now }).issue({
      role: 'intake',
      tenant: 'acme',
    });
    expect((await refusal(tokens.verify(elsewhere))).problem.detail).toBe('the token is for another audience');
    const foreign = await new TokenService(secret, { issuer: 'someone', now: () => now }).issue({
      role: 'intake',
      tenant: 'acme',
    });
    expect((await refusal(tokens.verify(foreign))).problem.detail).toBe('the token is from another issuer');
  });

  it('refuses malformed tokens and unsigned ones', async () => {
    expect((await refusal(tokens.verify('not-a-token'))).problem.detail).toBe('the token is malformed');
    const unsigned = [
      { alg: 'none', typ: 'JWT' },
      { sub: 'x', role: 'auditor', tenant: 'acme', iss: 'baton', aud: 'baton-api' },
    ]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    expect((await refusal(tokens.verify(`${unsigned}.`))).getStatus()).toBe(401);
  });

  it('rejects a short key and a bad lifetime at construction', () => {
    expect(() => new TokenService('short')).toThrow(/at least 32 characters/);
    expect(() => new TokenService(secret, { ttlSeconds: 0 })).toThrow(/positive whole number/);
  });
});
