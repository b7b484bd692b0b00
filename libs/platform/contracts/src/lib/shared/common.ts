import { z } from 'zod';

/** A lowercase hex SHA-256 digest: how inputs are bound to decisions and permits. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest');

/** An instant as an ISO 8601 UTC string: messages stay JSON-only, so never a Date. */
export const instantSchema = z.iso.datetime();

/** A stable machine-readable reason code such as `DTI_EXCEEDS_LIMIT`. */
export const reasonCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE');

/** An intent an agent or workflow wants to carry out, such as `llm.invoke` or `loan.approve`. */
export const intentSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, 'must be dotted lowercase, e.g. llm.invoke');
