import { ECHO_WORKFLOW_ID, echoVertical } from '../../../fixtures/echo-vertical';
import { startTestVertical, type TestVertical } from '../testing/start-test-vertical';
import { RunResources } from './run-resources';

describe('RunResources.list: a tenant’s open resources, bounded and indexed (real PostgreSQL)', () => {
  let api: TestVertical;
  let echoes: RunResources;
  const principal = (tenant: string) => ({ subject: 'tester', role: 'caller', tenant });

  beforeAll(async () => {
    // No worker: every run waits at its agent step, open.
    api = await startTestVertical(echoVertical, { suite: 'runtime run resources list', role: 'api' });
    echoes = new RunResources({
      runs: api.runs,
      dataSource: api.dataSource,
      workflowId: ECHO_WORKFLOW_ID,
      path: '/v1/echoes',
      noun: 'echo',
      idPrefix: 'echo',
      notFound: (id) => new Error(`no echo ${id}`),
    });
    for (const [tenant, id] of [
      ['acme', 'echo_a1'],
      ['acme', 'echo_a2'],
      ['acme', 'echo_a3'],
      ['globex', 'echo_g1'],
    ] as const) {
      await api.runs.start(ECHO_WORKFLOW_ID, { text: id }, { idempotencyKey: id, tenantId: tenant, correlationId: id });
    }
  });
  afterAll(() => api?.stop());

  it('lists only the caller’s tenant, newest change first, each by its resource id', async () => {
    const listed = await echoes.list(principal('acme'), { statuses: ['running', 'waiting'], limit: 10 });
    expect(listed.truncated).toBe(false);
    expect(listed.items.map((item) => item.id)).toEqual(['echo_a3', 'echo_a2', 'echo_a1']);
    expect(listed.items.every((item) => item.run.tenantId === 'acme')).toBe(true);
    const other = await echoes.list(principal('globex'), { statuses: ['running', 'waiting'], limit: 10 });
    expect(other.items.map((item) => item.id)).toEqual(['echo_g1']);
  });

  it('stops at the limit and says more matched', async () => {
    const listed = await echoes.list(principal('acme'), { statuses: ['running', 'waiting'], limit: 2 });
    expect(listed).toMatchObject({ truncated: true });
    expect(listed.items.map((item) => item.id)).toEqual(['echo_a3', 'echo_a2']);
  });

  it('leaves out runs in other statuses', async () => {
    await expect(echoes.list(principal('acme'), { statuses: ['completed'], limit: 10 })).resolves.toEqual({
      items: [],
      truncated: false,
    });
  });

  it('answers from the tenant index, not a scan of every run', async () => {
    await api.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const plan: Array<{ 'QUERY PLAN': string }> = await tx.query(
        `EXPLAIN SELECT run_id FROM workflow_runs WHERE tenant_id = 'acme' AND workflow_id = $1 AND status = 'waiting'
          ORDER BY updated_at DESC LIMIT 10`,
        [ECHO_WORKFLOW_ID],
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('workflow_runs_tenant');
    });
  });
});
