import { z } from 'zod';
import { defineVertical } from '@baton/runtime';
import fleetLlm from '../../policies/fleet-llm.json';
import { LookupAgent } from './agents/lookup.agent';
import { CasesController } from './api/cases.controller';
import { CasesService } from './api/cases.service';
import { FLEET_API_ROUTES } from './api/cases.routes';
import { fleetMigrations } from './database/1796685082972-create-fleet-tables';
import { fleetDeterministicRules } from './model/fleet-deterministic-rules';
import { FLEET_LOOKUP_LEDGER, SqlLookupLedger } from './outside/lookup-ledger';
import { FLEET_REGISTRY, SimulatedRegistry } from './outside/registry';
import { fleetCaseWorkflow } from './workflow/case.workflow';

/**
 * Fleet routing as a vertical: its workflow, agent, policy, API and tables. The runtime derives
 * the rest (topology, migrations, prompt catalogue, message registry, roles, metrics, shutdown).
 *
 * @example void runVertical(fleetVertical); // apps/fleet-routing/src/main.ts
 */
export const fleetVertical = defineVertical({
  name: 'fleet',
  title: 'Fleet routing',
  service: 'fleet-routing',
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
  workflows: ({ config, model }) => [fleetCaseWorkflow({ reviewTimeoutMs: config.REVIEW_TIMEOUT_MS, model })],
  agents: { controllers: [LookupAgent] },
  outside: ({ config, dataSource }) => [
    { provide: FLEET_REGISTRY, useValue: new SimulatedRegistry(config.OUTSIDE_SEED) },
    { provide: FLEET_LOOKUP_LEDGER, useValue: new SqlLookupLedger(dataSource) },
  ],
  api: {
    controllers: [CasesController],
    providers: ({ runs, dataSource, clock }) => [
      { provide: CasesService, useValue: new CasesService({ runs, dataSource, clock }) },
    ],
    routes: FLEET_API_ROUTES,
    openapi: {
      title: 'Baton Fleet routing API',
      version: '1.0.0',
      description: 'Submit cases and follow their decisions.',
    },
  },
  migrations: fleetMigrations,
  policies: [fleetLlm],
  deterministicModel: fleetDeterministicRules,
});
