import { TEST_WORKFLOWS, testModel, testPolicy } from './test-workflows';
import { AgentFailure, testWorkflow, TestWorkflowEnvironment } from './test-workflow';
import { parseDuration } from './virtual-clock';

/** The suites' workflows in memory: the check agent passes unless the applicant id says `fail`. */
function environment(agents: Parameters<typeof testWorkflow>[0]['agents'] = {}): TestWorkflowEnvironment {
  return testWorkflow({
    workflows: TEST_WORKFLOWS,
    policy: testPolicy(),
    model: testModel(),
    startAt: '2026-03-10T09:00:00.000Z',
    agents: {
      'test.check.requested': (payload: { applicantId: string }) => ({
        applicantId: payload.applicantId,
        passed: !payload.applicantId.startsWith('fail'),
      }),
      'test.ledger.requested': (payload: { applicantId: string; op: string }) => payload,
      ...agents,
    },
  });
}

describe('testWorkflow: the real engine over an in-memory store, with a virtual clock', () => {
  it('runs an agent step, a policy gate and a model step to the end, emits the decision, and replays without divergence', async () => {
    const env = environment();
    const runId = await env.start('test.application', { applicantId: 'a-1', amount: 500 });
    expect(await env.get(runId)).toMatchObject({
      status: 'completed',
      state: { checked: true, risk: 'low', outcome: 'approved' },
    });
    expect(env.commands.map((command) => [command.pattern, command.stepId, command.outcome])).toEqual([
      ['test.check.requested', 'check', 'replied'],
    ]);
    expect(env.events.map((event) => [event.type, event.payload])).toEqual([
      ['test.application.decided', { applicantId: 'a-1', outcome: 'approved' }],
    ]);
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('stops at a policy denial before any model call', async () => {
    const env = environment();
    const runId = await env.start('test.application', { applicantId: 'a-2', amount: 20_000 });
    const view = await env.get(runId);
    expect(view.state).toMatchObject({ outcome: 'declined', risk: null });
    expect(view.history.map((entry) => entry.stepId)).not.toContain('assess');
  });

  it('expires a signal wait only when virtual time passes its timeout, and takes a signal sent in time', async () => {
    const env = environment();
    const waiting = await env.start('test.review', { applicantId: 'r-1' });
    const answered = await env.start('test.review', { applicantId: 'r-2' });
    await env.advance('1s');
    expect((await env.get(waiting)).status).toBe('waiting');
    await env.signal(answered, 'review', { approved: true });
    await env.advance('1s');
    expect((await env.get(waiting)).state).toMatchObject({ outcome: 'expired' });
    expect((await env.get(answered)).state).toMatchObject({ outcome: 'approved' });
    expect(env.clock.now().toISOString()).toBe('2026-03-10T09:00:02.000Z');
  });

  it('retries an agent through an outage with backoff timers, firing them as time is advanced', async () => {
    let down = 3;
    const env = environment({
      'test.check.requested': (payload: { applicantId: string }) => {
        if (down-- > 0) throw new AgentFailure('OUTSIDE_UNAVAILABLE', 'down for maintenance');
        return { applicantId: payload.applicantId, passed: true };
      },
    });
    const runId = await env.start('test.retrying', { applicantId: 'x-1' });
    expect((await env.get(runId)).status).toBe('waiting');
    await env.advance('10s');
    expect(await env.get(runId)).toMatchObject({ status: 'completed', state: { passed: true } });
    expect(env.commands.map((command) => command.outcome)).toEqual(['failed', 'failed', 'failed', 'replied']);
  });

  it('compensates completed agent steps in reverse order when a later one fails for good', async () => {
    const env = environment({
      'test.ledger.requested': (payload: { applicantId: string; op: string }) => {
        if (payload.op === 'confirm') throw new AgentFailure('LEDGER_REJECTED', 'confirmation refused', false);
        return payload;
      },
    });
    const runId = await env.start('test.saga', { applicantId: 's-1' });
    expect((await env.get(runId)).status).toBe('failed');
    expect(env.commands.map((command) => (command.payload as { op: string }).op)).toEqual([
      'reserve',
      'charge',
      'confirm',
      'refund',
      'release',
    ]);
  });

  it('starts a child run, and the parent continues with its final state', async () => {
    const env = environment();
    const runId = await env.start('test.parent', { applicantId: 'p-1', amount: 500 });
    expect((await env.get(runId)).status).toBe('completed');
  });

  it('sleeps durably for exactly the virtual time asked', async () => {
    const env = environment();
    const runId = await env.start('test.nap', { applicantId: 'n-1', napMs: parseDuration('2h') });
    await env.advance('119m');
    expect((await env.get(runId)).status).toBe('waiting');
    await env.advance('1m');
    expect((await env.get(runId)).status).toBe('completed');
  });
});
