import { createSecretKey } from 'node:crypto';
import { JsonWebTokenError, JwtService, NotBeforeError, TokenExpiredError } from '@nestjs/jwt';
import { z } from 'zod';
import { ProblemException } from '../problems/problem.exception';
import type { Principal } from './principal';

/** Issuer, audience and lifetime of the tokens a {@link TokenService} issues and accepts. */
export interface TokenServiceOptions {
  /** `iss`, default `'baton'`. */
  readonly issuer?: string;
  /** `aud`, default `'baton-api'`: a token for another audience is refused. */
  readonly audience?: string;
  /** Lifetime of an issued token, default 8 hours. */
  readonly ttlSeconds?: number;
  /** The clock, injected so tests (and replays) can fix it; default `Date.now`. */
  readonly now?: () => number;
}

/** What a token is issued for. */
export interface TokenClaims {
  readonly role: string;
  readonly tenant: string;
  /** `sub`; default `<role>@<tenant>`. */
  readonly subject?: string;
  readonly ttlSeconds?: number;
}

const MIN_SECRET_LENGTH = 32;
const EIGHT_HOURS = 8 * 60 * 60;

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.string().min(1).max(100),
  tenant: z.string().min(1).max(200),
});

/**
 * Issues and verifies HS256 bearer tokens (JWT) carrying a role and a tenant. Verification pins
 * the algorithm, issuer and audience; a failure is a 401 problem saying why (expired, invalid
 * signature, wrong audience, malformed), never quoting the token.
 *
 * @example
 * const tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
 * const token = await tokens.issue({ role: 'underwriter', tenant: 'acme' });
 * const principal = await tokens.verify(token); // { subject: 'underwriter@acme', role: 'underwriter', tenant: 'acme' }
 */
export class TokenService {
  private readonly jwt: JwtService;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(secret: string, options: TokenServiceOptions = {}) {
    if (secret.length < MIN_SECRET_LENGTH)
      throw new RangeError(`the token signing key must be at least ${MIN_SECRET_LENGTH} characters`);
    // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a public key
    // on every verification (and throws and catches), a few percent of an API's CPU under load.
    this.jwt = new JwtService({
      secret: createSecretKey(Buffer.from(secret, 'utf8')),
      signOptions: { algorithm: 'HS256' },
      verifyOptions: { algorithms: ['HS256'] },
    });
    this.issuer = options.issuer ?? 'baton';
    this.audience = options.audience ?? 'baton-api';
    this.ttlSeconds = positiveSeconds(options.ttlSeconds ?? EIGHT_HOURS);
    this.now = options.now ?? Date.now;
  }

  /** A signed token for these claims, valid for `ttlSeconds` (default: the service's). */
  issue(claims: TokenClaims): Promise<string> {
    const { role, tenant } = claimsSchema.pick({ role: true, tenant: true }).parse(claims);
    const issuedAt = Math.floor(this.now() / 1000);
    return this.jwt.signAsync(
      { role, tenant, iat: issuedAt },
      {
        subject: claims.subject ?? `${role}@${tenant}`,
        issuer: this.issuer,
        audience: this.audience,
        expiresIn: positiveSeconds(claims.ttlSeconds ?? this.ttlSeconds),
      },
    );
  }

  /** The token's principal, or a 401 {@link ProblemException} saying why it was refused. */
  async verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: this.audience,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
    } catch (error) {
      throw unauthorized(refusal(error));
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthorized('the token lacks the sub, role or tenant claim');
    return { subject: claims.data.sub, role: claims.data.role, tenant: claims.data.tenant };
  }
}

function positiveSeconds(value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`a token lifetime must be a positive whole number of seconds, not ${value}`);
  return value;
}

/** jsonwebtoken's reason, in our words: its messages may name the expected audience or issuer. */
function refusal(error: unknown): string {
  if (error instanceof TokenExpiredError) return 'the token has expired';
  if (error instanceof NotBeforeError) return 'the token is not valid yet';
  if (error instanceof JsonWebTokenError) {
    if (error.message === 'invalid signature') return 'the token has an invalid signature';
    if (error.message.startsWith('jwt audience invalid')) return 'the token is for another audience';
    if (error.message.startsWith('jwt issuer invalid')) return 'the token is from another issuer';
    if (error.message === 'invalid algorithm') return 'the token is signed with an algorithm this API does not accept';
    return 'the token is malformed';
  }
  return 'the token could not be verified';
}

/** A 401 problem with the RFC 6750 challenge. */
export function unauthorized(detail: string, error: 'invalid_token' | 'missing' = 'invalid_token'): ProblemException {
  const challenge =
    error === 'missing'
      ? 'Bearer realm="baton"'
      : `Bearer realm="baton", error="invalid_token", error_description="${detail}"`;
  return new ProblemException({
    status: 401,
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': challenge },
  });
}
