import { Test } from '@nestjs/testing';
import { isContractViolation } from '@baton/contracts';
import { buildTopology } from '@baton/messaging';
import type { RunStore } from '../ports/run-store.port';
import { OrchestrationModule } from './orchestration.module';
import { WorkflowEngine } from '../engine/workflow-engine';
import { WorkflowRegistry } from '../engine/workflow-registry';
import { systemClock } from '../ports/clock';
import { ScriptedModel, StaticPolicy } from '../ports/in-memory-ports';
import { applicationWorkflow } from '../testing/loan-like-workflow';

describe('OrchestrationModule', () => {
  it('provides a WorkflowEngine built from the app-wired dependencies, validating input before any I/O', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        OrchestrationModule.forRootAsync({
          useFactory: () => ({
            // No database is touched: a start with bad input is refused before any I/O.
            runs: {} as RunStore,
            workflows: new WorkflowRegistry().register(applicationWorkflow),
            policy: new StaticPolicy(() => ({ effect: 'allow', code: 'OK', message: 'ok' })),
            model: new ScriptedModel(() => ({ risk: 'low' })),
            topology: buildTopology({ vertical: 'apps', version: 1, commands: ['test.check.requested'] }),
            clock: systemClock,
          }),
        }),
      ],
    }).compile();
    const engine = moduleRef.get(WorkflowEngine);
    expect(engine).toBeInstanceOf(WorkflowEngine);
    const refused = await engine
      .start('test.application', { applicantId: 'a', amount: 'lots' }, { idempotencyKey: 'k', tenantId: 't' })
      .catch((error: unknown) => error);
    expect(isContractViolation(refused) && refused.issues.map((issue) => issue.path)).toEqual(['amount']);
    await expect(engine.start('no.such.workflow', {}, { idempotencyKey: 'k', tenantId: 't' })).rejects.toMatchObject({
      code: 'UNKNOWN_WORKFLOW',
    });
  });
});
