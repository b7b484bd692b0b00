import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InMemoryEventStore } from '@baton/state-store/testing';
import { EventStoreDecisionLog } from '../audit/event-store-decision-log';
import { PolicyEngine } from '../engine/policy-engine';
import { AT } from '../evaluation/test-policies';
import { InMemoryPolicyStore } from '../store/in-memory-policy-store';
import { PolicyModule } from './policy.module';

const policies = join(__dirname, '../../../fixtures/policies');

describe('PolicyModule', () => {
  it('provides the engine and seeds the policies folders before the app serves', async () => {
    const store = new InMemoryPolicyStore();
    const moduleRef = await Test.createTestingModule({
      imports: [
        PolicyModule.forRoot({
          store,
          decisions: new EventStoreDecisionLog(new InMemoryEventStore()),
          seedDirectories: [policies],
        }),
      ],
    }).compile();
    expect(await store.list()).toEqual([]);
    await moduleRef.init();

    expect(
      (await store.list()).filter((version) => version.status === 'active').map((version) => version.policyId),
    ).toEqual(['lending-llm', 'operators-showcase', 'triage-output-guard']);
    const decision = await moduleRef
      .get(PolicyEngine)
      .decide(
        'llm.invoke',
        { applicant: { sanctioned: true, consent: { aiProcessing: true } } },
        { at: AT, runId: 'run-1', stepId: 'gate' },
      );
    expect(decision).toMatchObject({
      effect: 'deny',
      reasons: [{ code: 'SANCTIONED_APPLICANT' }],
      policyId: 'lending-llm',
    });
    await moduleRef.close();
  });

  it('builds its options from injected providers (forRootAsync)', async () => {
    const STORE = Symbol('store');
    @Global()
    @Module({ providers: [{ provide: STORE, useValue: new InMemoryPolicyStore() }], exports: [STORE] })
    class StorageModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        StorageModule,
        PolicyModule.forRootAsync({
          inject: [STORE],
          useFactory: (store: InMemoryPolicyStore) => ({
            store,
            decisions: new EventStoreDecisionLog(new InMemoryEventStore()),
          }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    await expect(
      moduleRef.get(PolicyEngine).decide('llm.invoke', {}, { at: AT, runId: 'r', stepId: 's' }),
    ).resolves.toMatchObject({ reasons: [{ code: 'NO_POLICY' }] });
    await moduleRef.close();
  });
});
