import { z } from 'zod';
import { ContractError, ContractViolation } from '../errors/contract-violation';
import { jsonIncompatibility, nulCharacterIssues } from '../schema/json-only';
import { nonStrictObjectPaths } from '../schema/walk-schema';
import { toContractIssues } from '../schema/issues';
import { Envelope, EnvelopeMeta, envelopeSchema, messageTypeSchema, newEnvelopeHeader } from './envelope';
import type { ParseResult } from './parse-result';

/** One version of one message type: its payload schema and what can be done with it. */
export interface MessageDefinition<Type extends string = string, Payload extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly version: number;
  readonly payload: Payload;
  /** The strict schema of the whole envelope, for export and for callers that compose. */
  readonly envelope: z.ZodType<Envelope<z.output<Payload>>>;
  /** Validates a whole envelope (NUL characters rejected anywhere). */
  parse(raw: unknown): ParseResult<Envelope<z.output<Payload>>>;
  /** Validates a payload alone. */
  parsePayload(raw: unknown): ParseResult<z.output<Payload>>;
  /** Builds a validated envelope; throws {@link ContractViolation} on a bad payload. */
  create(payload: z.input<Payload>, meta: EnvelopeMeta): Envelope<z.output<Payload>>;
  /** True when an envelope carries this type and version. */
  matches(envelope: { readonly type: string; readonly schemaVersion: number }): boolean;
}

/** The payload type of a definition. */
export type PayloadOf<D> = D extends MessageDefinition<string, infer P> ? z.output<P> : never;

/**
 * Declares one version of a message. The schema must be strict at every level and JSON-only;
 * otherwise this throws at start-up, naming the offending paths, rather than letting unknown
 * fields or dates slip through at run time.
 *
 * @example
 * export const LoanRequested = defineMessage('loan.application.requested', 1,
 *   z.strictObject({ applicationId: z.string(), amount: z.number().positive() }));
 * const envelope = LoanRequested.create({ applicationId: 'a-1', amount: 5000 }, meta);
 */
export function defineMessage<Type extends string, Payload extends z.ZodType>(
  type: Type,
  version: number,
  payload: Payload,
): MessageDefinition<Type, Payload> {
  assertValidDefinition(type, version, payload);
  const envelope = envelopeSchema(payload) as unknown as z.ZodType<Envelope<z.output<Payload>>>;
  const label = `${type}@v${version}`;

  const check = <T>(schema: z.ZodType<T>, raw: unknown, prefix: readonly string[]): ParseResult<T> => {
    const nul = nulCharacterIssues(raw, prefix);
    const result = schema.safeParse(raw);
    if (result.success && nul.length === 0) return { ok: true, value: result.data };
    const issues = result.success
      ? nul
      : [...nul, ...toContractIssues(result.error.issues).map((i) => prefixed(i, prefix))];
    return { ok: false, error: new ContractViolation(label, issues) };
  };

  const definition: MessageDefinition<Type, Payload> = {
    type,
    version,
    payload,
    envelope,
    parse: (raw) => {
      const result = check(envelope, raw, []);
      if (result.ok && (result.value.type !== type || result.value.schemaVersion !== version)) {
        const issues = [
          {
            path: 'type',
            rule: 'message_type',
            message: `expected ${label}, got ${result.value.type}@v${result.value.schemaVersion}`,
          },
        ];
        return { ok: false, error: new ContractViolation(label, issues) };
      }
      return result;
    },
    parsePayload: (raw) => check(payload as z.ZodType<z.output<Payload>>, raw, ['payload']),
    create: (input, meta) => {
      const parsed = definition.parse({ ...newEnvelopeHeader(type, version, meta), payload: input });
      if (!parsed.ok) throw parsed.error;
      return parsed.value;
    },
    matches: (candidate) => candidate.type === type && candidate.schemaVersion === version,
  };
  return definition;
}

function prefixed<T extends { path: string }>(issue: T, prefix: readonly string[]): T {
  if (prefix.length === 0) return issue;
  return { ...issue, path: [...prefix, issue.path].filter(Boolean).join('.') };
}

function assertValidDefinition(type: string, version: number, payload: z.ZodType): void {
  const problems: string[] = [];
  if (!messageTypeSchema.safeParse(type).success) problems.push(`type "${type}" is not dotted lowercase`);
  if (!Number.isInteger(version) || version < 1) problems.push(`version ${version} is not a positive integer`);
  const loose = nonStrictObjectPaths(payload);
  if (loose.length > 0) problems.push(`objects must be strict (z.strictObject) at: ${loose.join(', ')}`);
  const incompatible = jsonIncompatibility(payload);
  if (incompatible) problems.push(`schema is not JSON-only: ${incompatible}`);
  if (problems.length > 0) {
    throw new ContractError('INVALID_CONTRACT_DEFINITION', `message ${type}@v${version}: ${problems.join('; ')}`);
  }
}
