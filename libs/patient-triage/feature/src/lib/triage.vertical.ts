import { z } from 'zod';
import { defineVertical } from '@baton/runtime';
import triageLlm from '../../policies/triage-llm.json';
import triageOutput from '../../policies/triage-output.json';
import { EhrAgent } from './agents/ehr.agent';
import { BoardController } from './api/board.controller';
import { EncounterActionsController } from './api/encounter-actions.controller';
import { EncounterActionsService } from './api/encounter-actions.service';
import { TRIAGE_ACTION_ROUTES } from './api/encounter-actions.routes';
import { EncountersController } from './api/encounters.controller';
import { EncountersService } from './api/encounters.service';
import { TRIAGE_API_ROUTES } from './api/encounters.routes';
import { GuidelineIndex } from './guidelines/guideline-index';
import { triageKpis } from './kpis/triage-kpis';
import { triageDeterministicRules } from './model/triage-deterministic-rules';
import { SimulatedEhr, TRIAGE_EHR } from './outside/ehr-system';
import { triageAssessWorkflow } from './workflow/triage.workflow';
import { TRIAGE_PERSONAL_DATA } from './workflow/triage-state';

/**
 * Patient triage as a vertical: the `triage.assess` workflow, the EHR agent, the gate and guard
 * policies, the encounters API, and the registration sealed as personal data. The runtime derives
 * the rest (topology, migrations, prompt catalogue, message registry, roles, metrics, shutdown).
 *
 * @example void runVertical(triageVertical); // apps/patient-triage/src/main.ts
 */
export const triageVertical = defineVertical({
  name: 'triage',
  title: 'Patient triage',
  service: 'patient-triage',
  roles: ['triage-nurse', 'clinician', 'auditor'],
  env: {
    /** The model's answer must come within this (all attempts), or the rules' level stands. */
    TRIAGE_MODEL_DEADLINE_MS: z.coerce.number().int().positive().default(500),
    /** The EHR lookup and retrieval together; past it, triage goes on without the record. */
    TRIAGE_EHR_DEADLINE_MS: z.coerce.number().int().positive().default(2_000),
    /** Seeds the simulated EHR's records and outages. */
    OUTSIDE_SEED: z.coerce.number().int().default(42),
    /** The simulated EHR's answer time (ms) and its spread (0-1). */
    OUTSIDE_EHR_MS: z.coerce.number().int().min(0).default(0),
    OUTSIDE_JITTER: z.coerce.number().min(0).max(1).default(0),
    /** Share of subjects (0-1) for whom the simulated EHR is down. */
    OUTSIDE_EHR_OUTAGE: z.coerce.number().min(0).max(1).default(0),
  },
  workflows: ({ config, model }) => [
    triageAssessWorkflow({
      model,
      modelDeadlineMs: config.TRIAGE_MODEL_DEADLINE_MS,
      ehrDeadlineMs: config.TRIAGE_EHR_DEADLINE_MS,
      guidelines: new GuidelineIndex(),
    }),
  ],
  agents: { controllers: [EhrAgent] },
  outside: ({ config }) => [
    {
      provide: TRIAGE_EHR,
      useValue: new SimulatedEhr(config.OUTSIDE_SEED, {
        latencyMs: config.OUTSIDE_EHR_MS,
        jitter: config.OUTSIDE_JITTER,
        outageRate: config.OUTSIDE_EHR_OUTAGE,
      }),
    },
  ],
  api: {
    controllers: [EncountersController, BoardController, EncounterActionsController],
    providers: ({ runs, dataSource, auditKey, clock }) => [
      { provide: EncountersService, useValue: new EncountersService({ runs, dataSource, auditKey, clock }) },
      { provide: EncounterActionsService, useValue: new EncounterActionsService({ runs, dataSource }) },
    ],
    routes: [...TRIAGE_API_ROUTES, ...TRIAGE_ACTION_ROUTES],
    openapi: {
      title: 'Baton Patient triage API',
      version: '1.0.0',
      description: 'Submit emergency department encounters and follow their triage.',
    },
  },
  policies: [triageLlm, triageOutput],
  personalData: TRIAGE_PERSONAL_DATA,
  kpis: triageKpis,
  deterministicModel: triageDeterministicRules,
});
