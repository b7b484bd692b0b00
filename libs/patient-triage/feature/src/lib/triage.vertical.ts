import { z } from 'zod';
import { defineVertical } from '@baton/runtime';
import triageLlm from '../../policies/triage-llm.json';
import { LookupAgent } from './agents/lookup.agent';
import { CasesController } from './api/cases.controller';
import { CasesService } from './api/cases.service';
import { TRIAGE_API_ROUTES } from './api/cases.routes';
import { triageMigrations } from './database/1796684998538-create-triage-tables';
import { triageDeterministicRules } from './model/triage-deterministic-rules';
import { TRIAGE_LOOKUP_LEDGER, SqlLookupLedger } from './outside/lookup-ledger';
import { TRIAGE_REGISTRY, SimulatedRegistry } from './outside/registry';
import { triageCaseWorkflow } from './workflow/case.workflow';

/**
 * Patient triage as a vertical: its workflow, agent, policy, API and tables. The runtime derives
 * the rest (topology, migrations, prompt catalogue, message registry, roles, metrics, shutdown).
 *
 * @example void runVertical(triageVertical); // apps/patient-triage/src/main.ts
 */
export const triageVertical = defineVertical({
  name: 'triage',
  title: 'Patient triage',
  service: 'patient-triage',
  roles: ['intake', 'reviewer'],
  env: {
    /** How long a referred case waits for a reviewer before it is rejected (REVIEW_EXPIRED). */
    REVIEW_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(24 * 3_600_000),
    /** Seeds the simulated registry's ratings. */
    OUTSIDE_SEED: z.coerce.number().int().default(42),
  },
  workflows: ({ config, model }) => [triageCaseWorkflow({ reviewTimeoutMs: config.REVIEW_TIMEOUT_MS, model })],
  agents: { controllers: [LookupAgent] },
  outside: ({ config, dataSource }) => [
    { provide: TRIAGE_REGISTRY, useValue: new SimulatedRegistry(config.OUTSIDE_SEED) },
    { provide: TRIAGE_LOOKUP_LEDGER, useValue: new SqlLookupLedger(dataSource) },
  ],
  api: {
    controllers: [CasesController],
    providers: ({ runs, dataSource, clock }) => [
      { provide: CasesService, useValue: new CasesService({ runs, dataSource, clock }) },
    ],
    routes: TRIAGE_API_ROUTES,
    openapi: {
      title: 'Baton Patient triage API',
      version: '1.0.0',
      description: 'Submit cases and follow their decisions.',
    },
  },
  migrations: triageMigrations,
  policies: [triageLlm],
  deterministicModel: triageDeterministicRules,
});
