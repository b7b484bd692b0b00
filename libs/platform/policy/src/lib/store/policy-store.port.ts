import type { PolicyDocument } from '../document/policy-document';

/** One stored version, without its document. */
export interface StoredPolicyVersion {
  readonly policyId: string;
  readonly version: string;
  readonly status: 'active' | 'inactive';
  readonly documentHash: string;
  readonly activatedAt: string | null;
}

/** The active documents with the activation generation they were read at, in one snapshot. */
export interface ActivePolicies {
  readonly generation: string;
  readonly documents: readonly PolicyDocument[];
}

/** `created`: a new version was stored; `unchanged`: the same content was already there. */
export type SaveOutcome = 'created' | 'unchanged';

/** What seeding did, as `id@version` keys. */
export interface SeedReport {
  readonly created: readonly string[];
  readonly unchanged: readonly string[];
  readonly activated: readonly string[];
}

/**
 * Where policy versions live. Versions are immutable; at most one version of a policy is active,
 * and at most one active policy governs an intent. Every activation bumps a generation counter,
 * so an engine notices with one cheap read per decision and reloads without a restart.
 * `PostgresPolicyStore` is the product; `InMemoryPolicyStore` serves unit tests.
 */
export interface PolicyStore {
  /** Validates and stores a version, inactive. The same content again is `unchanged`; other content under a stored version is VERSION_IMMUTABLE. */
  save(document: unknown): Promise<SaveOutcome>;
  /** Re-validates the stored document, then makes it the policy's active version (INVALID_POLICY, POLICY_NOT_FOUND, POLICY_CONFLICT otherwise). */
  activate(policyId: string, version: string): Promise<void>;
  /** Deactivates a policy: its intents are governed by nothing (NO_POLICY) until a version is activated. */
  retire(policyId: string): Promise<void>;
  generation(): Promise<string>;
  loadActive(): Promise<ActivePolicies>;
  get(policyId: string, version: string): Promise<PolicyDocument | null>;
  list(): Promise<StoredPolicyVersion[]>;
  /**
   * Stores each document; activates a version the first time it is seen (a new version shipped
   * with a release), and never undoes a later activation or retirement. Idempotent, atomic, and
   * safe when several processes seed at once.
   */
  seed(documents: readonly PolicyDocument[]): Promise<SeedReport>;
}
