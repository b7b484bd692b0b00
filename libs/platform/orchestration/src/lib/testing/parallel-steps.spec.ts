import { AgentFailed, Envelope, MessageDefinition } from '@baton/contracts';
import type { OutboxMessage } from '@baton/state-store';
import { continuationTarget } from '../engine/run-headers';
import { ScriptedModel, StaticPolicy } from '../ports/in-memory-ports';
import { EtaReturned, IdentityChecked, PARALLEL_WORKFLOWS, Screened } from './parallel-workflows';
import { AgentFailure, testWorkflow, TestAgent } from './test-workflow';

const allow = () => new StaticPolicy(() => ({ effect: 'allow', code: 'OK', message: 'allowed' }));
const identity: TestAgent = (payload: { applicantId: string }) => ({
  applicantId: payload.applicantId,
  verified: true,
});
const screen: TestAgent = (payload: { applicantId: string }) => ({ applicantId: payload.applicantId, hit: false });

function environment(agents: Record<string, TestAgent> = {}, model = new ScriptedModel(() => ({ risk: 'low' }))) {
  return testWorkflow({
    workflows: PARALLEL_WORKFLOWS,
    policy: allow(),
    model,
    startAt: '2026-03-10T09:00:00.000Z',
    agents: {
      'test.identity.requested': identity,
      'test.screen.requested': screen,
      'test.identity.revoke.requested': (payload: { applicantId: string }) => payload,
      'test.eta.requested': (payload: { vehicleId: string }) => ({ vehicleId: payload.vehicleId, minutes: 10 }),
      ...agents,
    },
  });
}

const types = (history: ReadonlyArray<{ type: string }>) => history.map((event) => event.type);

describe('step.parallel', () => {
  it('sends every branch in one commit, folds each into its key, joins when all have answered, and replays', async () => {
    const env = environment();
    const { runId } = await env.engine.start(
      'test.parallel.checks',
      { applicantId: 'p-1' },
      { idempotencyKey: 'k', tenantId: 't' },
    );
    const sent = env.store.takePublished();
    expect(sent.map((message) => message.routingKey).sort()).toEqual([
      'test.identity.requested',
      'test.screen.requested',
    ]);
    for (const message of sent) await env.engine.continueWith(answer(message), continuationTarget(message.headers));
    const view = await env.get(runId);
    expect(view).toMatchObject({
      status: 'completed',
      state: { identity: { verified: true }, screen: { hit: false }, outcome: 'clear' },
    });
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it.each([
    ['in order', [0, 1]],
    ['reversed', [1, 0]],
    ['with duplicates', [1, 1, 0, 0, 1]],
  ])('reaches the same state and history with replies %s', async (_label, order) => {
    const env = environment();
    const { runId } = await env.engine.start(
      'test.parallel.checks',
      { applicantId: 'p-2' },
      { idempotencyKey: 'k', tenantId: 't' },
    );
    const sent = env.store.takePublished();
    const replies = sent.map((message) => ({ envelope: answer(message), target: continuationTarget(message.headers) }));
    for (const index of order) {
      const reply = replies[index] as (typeof replies)[number];
      await env.engine.continueWith(reply.envelope, reply.target);
    }
    const history = await env.history(runId);
    expect((await env.get(runId)).state).toMatchObject({ outcome: 'clear' });
    expect(types(history).filter((type) => type === 'run.branch.completed')).toHaveLength(2);
    expect(types(history).filter((type) => type === 'run.step.completed')).toHaveLength(2);
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('retries a branch on its own after a retryable failure, leaving the other branch alone', async () => {
    let calls = 0;
    const env = environment({
      'test.screen.requested': (payload: { applicantId: string }) => {
        if (++calls === 1) throw new AgentFailure('LIST_UNAVAILABLE', 'screening list down');
        return { applicantId: payload.applicantId, hit: false };
      },
    });
    const runId = await env.start('test.parallel.checks', { applicantId: 'p-3' });
    expect((await env.get(runId)).status).toBe('waiting');
    await env.advance('1s');
    expect((await env.get(runId)).state).toMatchObject({ outcome: 'clear' });
    expect(types(await env.history(runId))).toContain('run.branch.retry.scheduled');
    expect(env.commands.filter((command) => command.pattern === 'test.identity.requested')).toHaveLength(1);
  });

  it('fails the step when a branch fails for good, after compensating the branches that completed', async () => {
    const env = environment({
      'test.screen.requested': () => {
        throw new AgentFailure('SCREEN_REJECTED', 'malformed name', false);
      },
    });
    const runId = await env.start('test.parallel.checks', { applicantId: 'p-4' });
    const view = await env.get(runId);
    expect(view.status).toBe('failed');
    expect(view.failure).toMatchObject({ stepId: 'checks', code: 'SCREEN_REJECTED' });
    expect(env.commands.map((command) => command.pattern)).toContain('test.identity.revoke.requested');
  });

  it('joins `any` on the first answer; a later answer is recorded, ignored and compensated', async () => {
    const env = environment();
    const { runId } = await env.engine.start(
      'test.parallel.race',
      { applicantId: 'r-1' },
      { idempotencyKey: 'k', tenantId: 't' },
    );
    const [first, second] = env.store.takePublished() as [OutboxMessage, OutboxMessage];
    await env.engine.continueWith(answer(second), continuationTarget(second.headers));
    expect(await env.get(runId)).toMatchObject({ status: 'completed' });
    await env.engine.continueWith(answer(first), continuationTarget(first.headers));
    const view = await env.get(runId);
    const joinedKey = continuationTarget(second.headers).stepId === 'race/primary' ? 'identity' : 'backup';
    expect(view.state).toMatchObject({ [joinedKey]: { verified: true } });
    const history = await env.history(runId);
    expect(history.find((event) => event.type === 'run.branch.late')?.data).toMatchObject({ compensated: true });
    expect(env.store.takePublished().map((message) => message.routingKey)).toEqual(['test.identity.revoke.requested']);
  });
});

describe('step.fanOut', () => {
  it('keeps at most `concurrency` items in flight and folds the replies in item order', async () => {
    const env = environment();
    const { runId } = await env.engine.start(
      'test.fanout.fleet',
      { vehicles: ['v1', 'v2', 'v3', 'v4', 'v5'] },
      { idempotencyKey: 'k', tenantId: 't' },
    );
    let inFlight = env.store.takePublished();
    expect(inFlight).toHaveLength(2);
    const minutes: Record<string, number> = { v1: 50, v2: 40, v3: 30, v4: 20, v5: 10 };
    while (inFlight.length > 0) {
      // The newest first: replies come out of order.
      const message = inFlight.pop() as OutboxMessage;
      const vehicleId = (message.envelope.payload as { vehicleId: string }).vehicleId;
      const reply = EtaReturned.create({ vehicleId, minutes: minutes[vehicleId] as number }, meta(message));
      await env.engine.continueWith(reply, continuationTarget(message.headers));
      inFlight = [...inFlight, ...env.store.takePublished()];
      expect(inFlight.length).toBeLessThanOrEqual(2);
    }
    const view = await env.get(runId);
    expect(view.status).toBe('completed');
    expect((view.state as { etas: Array<{ vehicleId: string }> }).etas.map((eta) => eta.vehicleId)).toEqual([
      'v1',
      'v2',
      'v3',
      'v4',
      'v5',
    ]);
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('joins an empty list at once and fails a list over maxItems with FAN_OUT_TOO_LARGE', async () => {
    const env = environment();
    const empty = await env.start('test.fanout.fleet', { vehicles: [] });
    expect(await env.get(empty)).toMatchObject({ status: 'completed', state: { etas: [] } });
    const tooMany = await env.start('test.fanout.fleet', { vehicles: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect((await env.get(tooMany)).failure).toMatchObject({ code: 'FAN_OUT_TOO_LARGE' });
    expect(env.commands).toHaveLength(0);
  });
});

describe('deadlines', () => {
  it('takes onDeadline when the step passes its deadline over all attempts, and says so in the output', async () => {
    const env = environment();
    const env2 = environment({
      'test.screen.requested': () => {
        throw new AgentFailure('LIST_UNAVAILABLE', 'down');
      },
    });
    const silent = await startQuietly(env, 'test.deadline.step', { applicantId: 'd-1' });
    const failing = await env2.start('test.deadline.step', { applicantId: 'd-2' });
    expect(env.store.takePublished()[0]?.headers['x-baton-deadline']).toBe('2026-03-10T09:00:00.500Z');
    await advanceSilently(env, 1_000);
    await env2.advance('1s');
    for (const [e, runId] of [
      [env, silent],
      [env2, failing],
    ] as const) {
      expect(await e.get(runId)).toMatchObject({ status: 'completed', state: { outcome: 'rules-only' } });
      const completed = (await e.history(runId)).find((event) => event.type === 'run.step.completed');
      expect(completed?.data).toMatchObject({
        stepId: 'screen',
        next: 'rulesOnly',
        output: { deadline: { reason: 'DEADLINE_PASSED' } },
      });
      expect((await e.replay(runId)).divergences).toEqual([]);
    }
  });

  it.each([
    ['an open circuit', 'CIRCUIT_OPEN', true],
    ['an agent refusing work it cannot finish in time', 'DEADLINE_UNREACHABLE', false],
  ])('takes onDeadline at once on %s', async (_label, code, retryable) => {
    const env = environment({
      'test.screen.requested': () => {
        throw new AgentFailure(code, 'no', retryable);
      },
    });
    const runId = await env.start('test.deadline.step', { applicantId: 'd-3' });
    const view = await env.get(runId);
    expect(view.state).toMatchObject({ outcome: 'rules-only' });
    expect(types(await env.history(runId))).not.toContain('run.step.retry.scheduled');
  });

  it.each([
    ['its deadline passing', 'LIST_UNAVAILABLE', true, 'DEADLINE_PASSED'],
    ['an open circuit', 'CIRCUIT_OPEN', true, 'CIRCUIT_OPEN'],
  ])('writes the reason into deadlineReasonInto on %s, and replays it', async (_label, code, retryable, reason) => {
    const env = environment({
      'test.screen.requested': () => {
        throw new AgentFailure(code, 'no', retryable);
      },
    });
    const runId = await env.start('test.deadline.reason', { applicantId: 'r-1' });
    await env.advance('1s');
    expect((await env.get(runId)).state).toMatchObject({ outcome: `rules-only:${reason}` });
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('abandons an in-process model call at a parallel step deadline and joins with what finished', async () => {
    const slow = new ScriptedModel(() => ({ risk: 'low' }));
    const invoke = slow.invoke.bind(slow);
    slow.invoke = async (invocation) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return invoke(invocation);
    };
    const env = environment({}, slow);
    const started = Date.now();
    const runId = await env.start('test.parallel.gated', { applicantId: 'g-1' });
    expect(Date.now() - started).toBeLessThan(900);
    const view = await env.get(runId);
    expect(view.state).toMatchObject({ outcome: 'rules-only', risk: null });
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('lets a model branch run under the permit its policy step minted for it', async () => {
    const env = environment();
    const runId = await env.start('test.parallel.gated', { applicantId: 'g-2' });
    expect((await env.get(runId)).state).toMatchObject({ outcome: 'model:low', screen: { hit: false } });
    expect((await env.replay(runId)).divergences).toEqual([]);
  });
});

/** The agent's answer to a command, as the test agents above would give it. */
function answer(message: OutboxMessage): Envelope {
  const payload = message.envelope.payload as { applicantId: string };
  const replies: Record<string, [MessageDefinition, unknown]> = {
    'test.identity.requested': [IdentityChecked, { applicantId: payload.applicantId, verified: true }],
    'test.screen.requested': [Screened, { applicantId: payload.applicantId, hit: false }],
  };
  const [definition, body] = replies[message.routingKey] ?? [
    AgentFailed,
    { code: 'X', message: 'x', retryable: false },
  ];
  return definition.create(body as never, meta(message));
}

function meta(message: OutboxMessage) {
  const { correlationId, tenantId, id } = message.envelope;
  return { correlationId, causationId: id, tenantId, actor: { kind: 'service' as const, id: 'test' } };
}

/** Fires the timers due in the next `ms` without delivering any command: the agents stay silent. */
async function advanceSilently(env: ReturnType<typeof environment>, ms: number) {
  const until = env.clock.now().getTime() + ms;
  for (let next = env.store.nextTimerDue(); next && next.getTime() <= until; next = env.store.nextTimerDue()) {
    env.clock.set(next);
    for (const timer of await env.store.claimDueTimers(next, 1_000, Number.MAX_SAFE_INTEGER)) {
      await env.engine.fireTimer(timer);
      await env.store.markTimerFired(timer);
    }
    env.store.takePublished();
  }
}

/** Starts a run whose agent never answers: the command stays unsent. */
async function startQuietly(env: ReturnType<typeof environment>, workflowId: string, input: unknown) {
  const { runId } = await env.engine.start(workflowId, input, { idempotencyKey: 'quiet', tenantId: 't' });
  return runId;
}
