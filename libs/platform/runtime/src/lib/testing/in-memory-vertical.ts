import { createModelGateway, type JsonObject } from '@baton/llm';
import { ModelGatewayPort, PolicyEnginePort, type ModelPort } from '@baton/orchestration';
import { testWorkflow, VirtualClock, type TestAgent, type TestWorkflowEnvironment } from '@baton/orchestration/testing';
import { EventStoreDecisionLog, InMemoryPolicyStore, PolicyEngine } from '@baton/policy';
import { InMemoryEventStore } from '@baton/state-store/testing';
import type { Vertical } from '../definition/define-vertical';
import type { VerticalConfig } from '../definition/vertical-definition';

export interface InMemoryVerticalOptions {
  /** The agents by command pattern: a real agent's handler (`(_p, envelope) => agent.check(envelope)`) or a script. */
  readonly agents: Readonly<Record<string, TestAgent>>;
  /** The vertical's own or the platform's variables (`REVIEW_TIMEOUT_MS: '60000'`); the model is always the deterministic one. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the virtual clock starts. */
  readonly startAt?: string;
  /** Sees what the deterministic model is given, call by call (to check redactions). */
  readonly onModelInput?: (data: JsonObject) => void;
  /**
   * Wraps the gateway the model steps call: a slow model, an open circuit, or another fake model
   * in place of the deterministic one (`(gateway) => ({ invoke: async (call) => { await sleep(900); return gateway.invoke(call); } })`).
   */
  readonly model?: (gateway: ModelPort) => ModelPort;
}

/** A vertical's workflows in memory, and the configuration they were built with. */
export interface InMemoryVertical extends TestWorkflowEnvironment {
  readonly config: VerticalConfig;
}

/**
 * Runs a vertical's workflows as its worker would, in memory: its workflow versions, its policy
 * documents on the real policy engine (in-memory store), its deterministic model rules through
 * the real gateway, and the agents the test gives, on `testWorkflow`'s engine with one virtual
 * clock (the gateway checks permits against it). No PostgreSQL, no RabbitMQ: a unit test.
 *
 * @example
 * const env = await inMemoryVertical(triageVertical, { agents: { [LookupRequested.type]: (_p, e) => agent.lookup(e as never) } });
 * const runId = await env.start('triage.case', input, { tenantId: 'acme' });
 * await env.advance('25h');
 */
export async function inMemoryVertical(
  vertical: Vertical,
  options: InMemoryVerticalOptions,
): Promise<InMemoryVertical> {
  const config = vertical.readConfig({ ...options.env, LLM_PROVIDER: 'deterministic' });
  const workflows = vertical.workflows({ config, model: vertical.modelOf(config) });
  const policies = new PolicyEngine({
    store: new InMemoryPolicyStore(),
    decisions: new EventStoreDecisionLog(new InMemoryEventStore()),
  });
  await policies.seedDocuments(vertical.policies);
  const clock = new VirtualClock(options.startAt);
  const rules = vertical.definition.deterministicModel?.(options.onModelInput);
  const gateway = await createModelGateway({
    env: { LLM_PROVIDER: 'deterministic' },
    clock,
    ...(rules ? { rules } : {}),
  });
  const port = ModelGatewayPort.forWorkflows(gateway, workflows.definitions());
  const env = testWorkflow({
    workflows,
    policy: new PolicyEnginePort(policies),
    model: options.model ? options.model(port) : port,
    clock,
    agents: options.agents,
  });
  return Object.assign(env, { config });
}
