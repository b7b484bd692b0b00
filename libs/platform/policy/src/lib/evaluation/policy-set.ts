import type { PolicyDocument } from '../document/policy-document';
import { PolicyError } from '../errors/policy-error';
import { CompiledPolicy } from './compile-policy';
import { documentHash } from './document-hash';

/**
 * The active policies, indexed by the intents they govern. At most one policy governs an intent:
 * a decision names one policy and version, so two governing policies would be ambiguous.
 *
 * @example
 * const set = PolicySet.of([CompiledPolicy.compile(lending)]);
 * set.forIntent('llm.invoke')?.key // 'lending-llm@3'
 */
export class PolicySet {
  static readonly empty = new PolicySet(new Map(), []);

  private constructor(
    private readonly byIntent: ReadonlyMap<string, CompiledPolicy>,
    readonly policies: readonly CompiledPolicy[],
  ) {}

  /** Throws POLICY_CONFLICT when two policies govern one intent. */
  static of(policies: readonly CompiledPolicy[]): PolicySet {
    const byIntent = new Map<string, CompiledPolicy>();
    for (const policy of policies) {
      for (const intent of policy.document.intents) {
        const other = byIntent.get(intent);
        if (other)
          throw new PolicyError(
            'POLICY_CONFLICT',
            `${other.key} and ${policy.key} both govern intent ${intent}; retire one of them`,
          );
        byIntent.set(intent, policy);
      }
    }
    return new PolicySet(byIntent, policies);
  }

  forIntent(intent: string): CompiledPolicy | undefined {
    return this.byIntent.get(intent);
  }
}

/**
 * Compiles each policy version once and keeps it (keyed by id, version and content hash), so a
 * reload after an activation recompiles only what changed.
 *
 * @example const compiled = compiler.compile(document); // the same instance next time
 */
export class PolicyCompiler {
  private readonly cache = new Map<string, CompiledPolicy>();

  constructor(private readonly capacity = 64) {}

  compile(document: PolicyDocument): CompiledPolicy {
    const key = `${document.id}@${document.version}#${documentHash(document)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const compiled = CompiledPolicy.compile(document);
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, compiled);
    return compiled;
  }
}
