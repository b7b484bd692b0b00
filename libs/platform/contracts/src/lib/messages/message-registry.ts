import type { z } from 'zod';
import { ContractError, ContractViolation } from '../errors/contract-violation';
import type { Envelope } from './envelope';
import type { MessageDefinition } from './define-message';
import type { ParseResult } from './parse-result';

/** Upgrades the payload of one version of a message to the next version. */
export interface Upcaster {
  readonly type: string;
  readonly from: number;
  readonly to: number;
  readonly upcast: (payload: unknown) => unknown;
}

/** A message parsed by the registry: upgraded to the latest version, with its definition. */
export interface RegisteredMessage {
  readonly envelope: Envelope;
  readonly definition: MessageDefinition;
  /** The schemaVersion the message arrived with, before upcasting. */
  readonly receivedVersion: number;
}

/**
 * The set of messages one vertical (or the platform) speaks, by type and version, with the
 * upcasters that read older versions. Parsing picks the definition from the envelope's own
 * `type` and `schemaVersion`, validates, then upgrades to the latest version and validates again.
 *
 * @example
 * const registry = new MessageRegistry('loan').register(RequestedV1, RequestedV2)
 *   .upcaster(RequestedV1, RequestedV2, (p) => ({ ...p, currency: 'USD' }));
 * const parsed = registry.parse(JSON.parse(body)); // RequestedV2 even for a v1 message
 */
export class MessageRegistry {
  private readonly byType = new Map<string, Map<number, MessageDefinition>>();
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(readonly name: string) {}

  /** Adds definitions; a second definition for the same type and version is an error. */
  register(...definitions: MessageDefinition[]): this {
    for (const definition of definitions) {
      const versions = this.byType.get(definition.type) ?? new Map<number, MessageDefinition>();
      if (versions.has(definition.version)) {
        throw new ContractError(
          'INVALID_CONTRACT_DEFINITION',
          `${definition.type}@v${definition.version} is registered twice in ${this.name}`,
        );
      }
      versions.set(definition.version, definition);
      this.byType.set(definition.type, versions);
    }
    return this;
  }

  /** Declares how to read `from` as `to` (consecutive versions of one registered type). */
  upcaster<From extends z.ZodType, To extends z.ZodType>(
    from: MessageDefinition<string, From>,
    to: MessageDefinition<string, To>,
    upcast: (payload: z.output<From>) => z.input<To>,
  ): this {
    if (from.type !== to.type || to.version !== from.version + 1) {
      throw new ContractError(
        'INVALID_CONTRACT_DEFINITION',
        `an upcaster goes from one version to the next of one type, not ${from.type}@v${from.version} to ${to.type}@v${to.version}`,
      );
    }
    for (const definition of [from, to]) {
      if (this.byType.get(definition.type)?.get(definition.version) !== definition) {
        throw new ContractError(
          'INVALID_CONTRACT_DEFINITION',
          `${definition.type}@v${definition.version} is not registered in ${this.name}`,
        );
      }
    }
    this.upcasters.set(upcasterKey(from.type, from.version), {
      type: from.type,
      from: from.version,
      to: to.version,
      upcast: upcast as (payload: unknown) => unknown,
    });
    return this;
  }

  /** Every registered definition, ordered by type and version. */
  definitions(): MessageDefinition[] {
    return [...this.byType.keys()].sort().flatMap((type) => this.versionsOf(type));
  }

  /** All versions of one type, oldest first. */
  versionsOf(type: string): MessageDefinition[] {
    return [...(this.byType.get(type)?.values() ?? [])].sort((a, b) => a.version - b.version);
  }

  /** The newest version of a type, or undefined. */
  latest(type: string): MessageDefinition | undefined {
    return this.versionsOf(type).at(-1);
  }

  /** Parses any registered version and upgrades it to the latest. */
  parse(raw: unknown): ParseResult<RegisteredMessage> {
    const head = readHead(raw);
    const definition = head ? this.byType.get(head.type)?.get(head.schemaVersion) : undefined;
    if (!head || !definition) {
      const label = head ? `${head.type}@v${head.schemaVersion}` : 'message';
      const rule = head ? 'unknown_message_type' : 'invalid_envelope';
      const message = head
        ? `${label} is not registered in ${this.name}`
        : 'an envelope needs a string "type" and an integer "schemaVersion"';
      return { ok: false, error: new ContractViolation(label, [{ path: head ? 'type' : '', rule, message }]) };
    }
    const parsed = definition.parse(raw);
    if (!parsed.ok) return parsed;
    return this.upgrade(parsed.value, definition);
  }

  private upgrade(envelope: Envelope, definition: MessageDefinition): ParseResult<RegisteredMessage> {
    const receivedVersion = definition.version;
    let current = envelope;
    let currentDefinition = definition;
    const newest = this.latest(definition.type) as MessageDefinition;
    while (currentDefinition.version < newest.version) {
      const step = this.upcasters.get(upcasterKey(currentDefinition.type, currentDefinition.version));
      const next = this.byType.get(currentDefinition.type)?.get(currentDefinition.version + 1);
      if (!step || !next) {
        const label = `${definition.type}@v${currentDefinition.version}`;
        const message = `no upcaster from v${currentDefinition.version} to v${currentDefinition.version + 1} in ${this.name}`;
        return {
          ok: false,
          error: new ContractViolation(label, [{ path: 'schemaVersion', rule: 'no_upcaster', message }]),
        };
      }
      const upgraded = next.parse({ ...current, schemaVersion: next.version, payload: step.upcast(current.payload) });
      if (!upgraded.ok) return upgraded;
      current = upgraded.value;
      currentDefinition = next;
    }
    return { ok: true, value: { envelope: current, definition: currentDefinition, receivedVersion } };
  }
}

function upcasterKey(type: string, from: number): string {
  return `${type}@${from}`;
}

function readHead(raw: unknown): { type: string; schemaVersion: number } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { type, schemaVersion } = raw as Record<string, unknown>;
  if (typeof type !== 'string' || typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion)) return null;
  return { type, schemaVersion };
}
