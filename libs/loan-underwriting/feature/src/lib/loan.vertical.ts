import { z } from 'zod';
import { defineVertical } from '@baton/runtime';
import loanCompliance from '../../policies/loan-compliance.json';
import loanLlm from '../../policies/loan-llm.json';
import loanOutputGuard from '../../policies/loan-output-guard.json';
import { BUREAU_LEDGER, OUTSIDE_SYSTEMS } from './agents/agent-dependencies';
import { BureauAgent } from './agents/bureau.agent';
import { IncomeAgent } from './agents/income.agent';
import { KycAgent } from './agents/kyc.agent';
import { SanctionsAgent } from './agents/sanctions.agent';
import { ApplicationsController } from './api/applications.controller';
import { ApplicationsService } from './api/applications.service';
import { LOAN_API_ROUTES } from './api/loan-api.routes';
import { loanMigrations } from './database/1764500000000-create-loan-tables';
import { loanDeterministicRules } from './model/loan-deterministic-rules';
import { BureauLedger } from './outside/bureau-ledger';
import { defaultOutsideSystems, OutsideSystemsConfig } from './outside/outside-systems';
import { LOAN_PERSONAL_DATA } from './workflow/personal-data';
import { underwritingWorkflows } from './workflow/underwriting.workflow';
import { loanKpis } from './kpis/loan-kpis';

/** The key the API derives data-subject pseudonyms with (see `subjectIdFor`), kept in the schema. */
const PSEUDONYM_KEY = 'subject-pseudonym-key';

/**
 * Loan underwriting as a vertical: identity and sanctions checks, the compliance policy before
 * any bureau pull or model call, the model's bounded risk features on redacted data, the
 * deterministic scorecard, and underwriter referrals. The runtime derives the rest (topology,
 * migrations, prompt catalogue, message registry, roles, metrics, shutdown).
 *
 * @example void runVertical(loanVertical); // apps/loan-underwriting/src/main.ts
 */
export const loanVertical = defineVertical({
  name: 'loan',
  title: 'Loan underwriting',
  service: 'loan-underwriting',
  defaults: { schema: 'loan' },
  roles: ['intake', 'underwriter', 'auditor'],
  env: {
    /** How long a referral waits for an underwriter before it is declined (REVIEW_EXPIRED). */
    REVIEW_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(24 * 3_600_000),
    /** Seeds the simulated outside systems' records. */
    OUTSIDE_SEED: z.coerce.number().int().default(42),
    /** The simulated outside systems' typical answer times in ms (0: at once, as tests and the bench want). */
    OUTSIDE_KYC_MS: z.coerce.number().int().min(0).default(0),
    OUTSIDE_SANCTIONS_MS: z.coerce.number().int().min(0).default(0),
    OUTSIDE_BUREAU_MS: z.coerce.number().int().min(0).default(0),
    OUTSIDE_INCOME_MS: z.coerce.number().int().min(0).default(0),
    /** How far one call strays from its typical time, as a share of it, seeded per application. */
    OUTSIDE_JITTER: z.coerce.number().min(0).max(1).default(0),
  },
  // Version 1 stays registered so runs that started on it finish on it.
  workflows: ({ config, model }) => underwritingWorkflows({ reviewTimeoutMs: config.REVIEW_TIMEOUT_MS, model }),
  agents: { controllers: [KycAgent, SanctionsAgent, BureauAgent, IncomeAgent] },
  outside: ({ config, dataSource }) => [
    { provide: OUTSIDE_SYSTEMS, useValue: outsideSystemsOf(config) },
    { provide: BUREAU_LEDGER, useValue: new BureauLedger(dataSource) },
  ],
  api: {
    controllers: [ApplicationsController],
    providers: async ({ runs, dataSource, auditKey, clock, secret }) => [
      {
        provide: ApplicationsService,
        useValue: new ApplicationsService({
          runs,
          dataSource,
          auditKey,
          clock,
          pseudonymKey: await secret(PSEUDONYM_KEY),
        }),
      },
    ],
    routes: LOAN_API_ROUTES,
    openapi: {
      title: 'Baton loan underwriting API',
      version: '1.0.0',
      description: 'Submit applications, follow their underwriting, review referrals and audit decisions.',
    },
  },
  migrations: loanMigrations,
  policies: [loanCompliance, loanLlm, loanOutputGuard],
  personalData: LOAN_PERSONAL_DATA,
  deterministicModel: loanDeterministicRules,
  kpis: loanKpis,
});

/** The simulated outside systems a loan process runs with, from its configuration. */
function outsideSystemsOf(config: {
  OUTSIDE_SEED: number;
  OUTSIDE_KYC_MS: number;
  OUTSIDE_SANCTIONS_MS: number;
  OUTSIDE_BUREAU_MS: number;
  OUTSIDE_INCOME_MS: number;
  OUTSIDE_JITTER: number;
}): OutsideSystemsConfig {
  const latencyMs = {
    kyc: config.OUTSIDE_KYC_MS,
    sanctions: config.OUTSIDE_SANCTIONS_MS,
    bureau: config.OUTSIDE_BUREAU_MS,
    income: config.OUTSIDE_INCOME_MS,
  };
  return defaultOutsideSystems(config.OUTSIDE_SEED, latencyMs, config.OUTSIDE_JITTER);
}
