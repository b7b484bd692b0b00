import type { PolicyDocument } from '../document/policy-document';
import { randomUUID } from 'node:crypto';
import type { Permit, PolicyDecision } from '@baton/contracts';
import type { DecisionAuditEvent, DecisionLog, DecisionRange } from '../audit/decision-log.port';
import { loadPolicyDirectory } from '../document/policy-files';
import { isPolicyError, PolicyError } from '../errors/policy-error';
import type { CompiledPolicy } from '../evaluation/compile-policy';
import { evaluateIntent, LLM_OUTPUT_ACCEPT_INTENT } from '../evaluation/decide';
import { explainIntent, PolicyExplanation } from '../evaluation/explain';
import { PolicyCompiler, PolicySet } from '../evaluation/policy-set';
import { mintPermit } from '../permit/mint-permit';
import { replayDecisions, ReplayReport } from '../replay/replay-decisions';
import type { PolicyStore, SeedReport } from '../store/policy-store.port';

export interface PolicyEngineOptions {
  readonly store: PolicyStore;
  readonly decisions: DecisionLog;
  /** New decision and permit ids; random UUIDs unless a test injects its own. */
  readonly ids?: () => string;
}

/** Who asks, and when: time and ids reach the engine here, never from a clock inside it. */
export interface DecisionMeta {
  /** ISO 8601 UTC; rules with relative dates are judged from it. */
  readonly at: string;
  readonly runId: string;
  readonly stepId: string;
  /** Supply it to make the decision idempotent: a retry with the same id gets the recorded decision. */
  readonly decisionId?: string;
}

/** What a permit is bound to; its id comes from the engine's `ids`. */
export interface PermitRequest {
  readonly runId: string;
  readonly stepId: string;
  /**
   * The hash of the exact input the permitted step will use (the model's variables), when it is
   * not the context the policy decided on. Defaults to the decision's input hash.
   */
  readonly inputHash?: string;
  /** Defaults to the decision's instant. */
  readonly issuedAt?: string;
  readonly expiresAt: string;
}

/**
 * The policy engine: decides intents against the active versions, records every decision as a
 * hash-chained audit event, explains, mints permits, seeds and replays. Before each decision it
 * reads the store's activation generation (one small read) and recompiles only when it moved, so
 * an activation governs every decision made after it, in every process, without a restart.
 *
 * @example
 * const engine = new PolicyEngine({ store, decisions });
 * const decision = await engine.decide('llm.invoke', context, { at: now, runId, stepId: 'assess-risk' });
 * if (decision.effect === 'allow') permit = engine.mintPermit(decision, { runId, stepId: 'assess-risk', expiresAt });
 */
export class PolicyEngine {
  private readonly compiler = new PolicyCompiler();
  private readonly ids: () => string;
  private active: { readonly generation: string; readonly set: PolicySet } | null = null;
  private loading: Promise<PolicySet> | null = null;

  constructor(private readonly options: PolicyEngineOptions) {
    this.ids = options.ids ?? randomUUID;
  }

  /** The store this engine reads, for activation and listing. */
  get store(): PolicyStore {
    return this.options.store;
  }

  /**
   * Decides one intent and records the decision. Odd context never throws (see `evaluateIntent`);
   * a store or log that does not answer is STORE_UNAVAILABLE (retryable), and then no decision
   * was made.
   */
  async decide(intent: string, context: unknown, meta: DecisionMeta): Promise<PolicyDecision> {
    const evaluated = await this.evaluate(intent, context, meta);
    return unavailableOnFailure('record the decision', () =>
      this.options.decisions.record({
        decision: evaluated.decision,
        runId: meta.runId,
        stepId: meta.stepId,
        context: evaluated.context,
      }),
    );
  }

  /**
   * Decides one intent and hands back its audit event for the caller to append in its own
   * transaction, so the decision and what it led to commit together (the orchestration engine
   * appends it to the run's stream in the commit of the step). When the decision log cannot
   * hand out events, the decision is recorded at once and `auditEvent` is null.
   *
   * @example
   * const { decision, auditEvent } = await engine.decideWithin('llm.invoke', context, meta);
   * await events.append(runId, version, [stepEvent, auditEvent], tx);
   */
  async decideWithin(
    intent: string,
    context: unknown,
    meta: DecisionMeta,
  ): Promise<{ decision: PolicyDecision; auditEvent: DecisionAuditEvent | null }> {
    const log = this.options.decisions;
    if (!log.auditEvent) return { decision: await this.decide(intent, context, meta), auditEvent: null };
    const evaluated = await this.evaluate(intent, context, meta);
    return {
      decision: evaluated.decision,
      auditEvent: log.auditEvent({
        decision: evaluated.decision,
        runId: meta.runId,
        stepId: meta.stepId,
        context: evaluated.context,
      }),
    };
  }

  /**
   * Judges a model's parsed output before it is accepted: the intent `llm.output.accept`, with the
   * output under `output` beside the facts it is checked against.
   *
   * @example await engine.judgeOutput(parsed, { floor: { esiLevel: 2 } }, meta);
   */
  async judgeOutput(
    output: unknown,
    facts: Readonly<Record<string, unknown>>,
    meta: DecisionMeta,
  ): Promise<PolicyDecision> {
    return this.decide(LLM_OUTPUT_ACCEPT_INTENT, { ...facts, output }, meta);
  }

  /** Explains what the active policies decide for this intent and context; records nothing. */
  async explain(intent: string, context: unknown, meta: { readonly at: string }): Promise<PolicyExplanation> {
    return explainIntent(await this.policies(), { intent, context, decisionId: this.ids(), at: meta.at });
  }

  /** Mints the permit an allowing decision grants one step of one run (see `mintPermit`). */
  mintPermit(decision: PolicyDecision, request: PermitRequest): Permit {
    return mintPermit(decision, {
      permitId: this.ids(),
      runId: request.runId,
      stepId: request.stepId,
      issuedAt: request.issuedAt ?? decision.decidedAt,
      expiresAt: request.expiresAt,
      ...(request.inputHash ? { inputHash: request.inputHash } : {}),
    });
  }

  /**
   * Seeds the store from a vertical's `policies/` folder at start-up: every file validated first
   * (one bad file and nothing is seeded), then stored and, when new, activated; idempotent and
   * safe when several processes start at once.
   */
  async seedPolicies(dir: string): Promise<SeedReport> {
    return this.options.store.seed(loadPolicyDirectory(dir));
  }

  /**
   * Seeds validated documents, e.g. a vertical's policies imported as JSON modules (so they
   * travel with the build); as with a directory, an unchanged version is left alone.
   *
   * @example await engine.seedDocuments([parsePolicyDocument(loanCompliance)]);
   */
  async seedDocuments(documents: readonly PolicyDocument[]): Promise<SeedReport> {
    return this.options.store.seed(documents);
  }

  /** Re-decides recorded decisions of a time range under another version (see `replayDecisions`). */
  async replay(
    options: DecisionRange & { readonly version: string; readonly policyId?: string },
  ): Promise<ReplayReport> {
    const { records, unreadable } = await this.options.decisions.read(options);
    return replayDecisions(
      records,
      {
        version: options.version,
        policyId: options.policyId,
        load: (policyId, version) => this.compiled(policyId, version),
      },
      unreadable,
    );
  }

  /** A stored version, compiled once; null when it is not stored. */
  async compiled(policyId: string, version: string): Promise<CompiledPolicy | null> {
    const document = await this.options.store.get(policyId, version);
    return document ? this.compiler.compile(document) : null;
  }

  /** Judges an intent under the active policies without recording anything. */
  private async evaluate(intent: string, context: unknown, meta: DecisionMeta) {
    assertRunStep(meta);
    return evaluateIntent(await this.policies(), {
      intent,
      context,
      decisionId: meta.decisionId ?? this.ids(),
      at: meta.at,
    });
  }

  private async policies(): Promise<PolicySet> {
    const generation = await unavailableOnFailure('read the policy generation', () => this.options.store.generation());
    if (this.active?.generation === generation) return this.active.set;
    this.loading ??= unavailableOnFailure('load the active policies', () => this.options.store.loadActive())
      .then(({ generation: loaded, documents }) => {
        const set = PolicySet.of(documents.map((document) => this.compiler.compile(document)));
        this.active = { generation: loaded, set };
        return set;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }
}

function assertRunStep(meta: DecisionMeta): void {
  if (
    typeof meta?.runId !== 'string' ||
    meta.runId.length === 0 ||
    typeof meta.stepId !== 'string' ||
    meta.stepId.length === 0
  ) {
    throw new PolicyError('INVALID_REQUEST', 'a decision needs the runId and stepId it is made for');
  }
}

async function unavailableOnFailure<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isPolicyError(error)) throw error;
    throw new PolicyError('STORE_UNAVAILABLE', `could not ${what}: ${(error as Error).message}`, { cause: error });
  }
}
