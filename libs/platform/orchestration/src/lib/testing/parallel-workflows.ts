// Workflows with parallel branches, fan-outs and deadlines, for the orchestration tests and the
// runtime's engine suites (which run them on real services as a test vertical).
import { z } from 'zod';
import { defineMessage, LLM_INVOKE_INTENT } from '@baton/contracts';
import { defineWorkflow } from '../definition/workflow-definition';
import { stepsFor } from '../definition/step-builders';
import { riskBand, riskPrompt, RiskOutput } from './loan-like-workflow';

const Applicant = z.strictObject({ applicantId: z.string() });
export const IdentityRequested = defineMessage('test.identity.requested', 1, Applicant);
export const IdentityChecked = defineMessage(
  'test.identity.checked',
  1,
  z.strictObject({ applicantId: z.string(), verified: z.boolean() }),
);
export const IdentityRevokeRequested = defineMessage('test.identity.revoke.requested', 1, Applicant);
export const IdentityRevoked = defineMessage('test.identity.revoked', 1, Applicant);
export const ScreenRequested = defineMessage('test.screen.requested', 1, Applicant);
export const Screened = defineMessage(
  'test.screen.done',
  1,
  z.strictObject({ applicantId: z.string(), hit: z.boolean() }),
);
export const EtaRequested = defineMessage('test.eta.requested', 1, z.strictObject({ vehicleId: z.string() }));
export const EtaReturned = defineMessage(
  'test.eta.returned',
  1,
  z.strictObject({ vehicleId: z.string(), minutes: z.number() }),
);

const Check = z.strictObject({ verified: z.boolean() }).nullable();
export const ChecksState = z.strictObject({
  applicantId: z.string(),
  identity: Check,
  backup: Check,
  screen: z.strictObject({ hit: z.boolean() }).nullable(),
  risk: z.enum(['low', 'high']).nullable(),
  outcome: z.string().nullable(),
});
export type ChecksState = z.infer<typeof ChecksState>;
const initialChecks = (input: { applicantId: string }): ChecksState => ({
  applicantId: input.applicantId,
  identity: null,
  backup: null,
  screen: null,
  risk: null,
  outcome: null,
});

const step = stepsFor<ChecksState>();
const RETRY = { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 1_000 };
const identityCall = step.branch.agent({
  pattern: IdentityRequested.type,
  request: IdentityRequested,
  reply: IdentityChecked,
  input: (s) => ({ applicantId: s.applicantId }),
  fold: (s, reply) => ({ ...s, identity: { verified: reply.verified } }),
  compensate: {
    pattern: IdentityRevokeRequested.type,
    request: IdentityRevokeRequested,
    reply: IdentityRevoked,
    input: (s) => ({ applicantId: s.applicantId }),
  },
  retry: RETRY,
  timeoutMs: 5_000,
});
const screenCall = step.branch.agent({
  pattern: ScreenRequested.type,
  request: ScreenRequested,
  reply: Screened,
  input: (s) => ({ applicantId: s.applicantId }),
  fold: (s, reply) => ({ ...s, screen: { hit: reply.hit } }),
  retry: RETRY,
  timeoutMs: 5_000,
});
const verdict = step.compute({
  run: (s) => ({ ...s, outcome: s.identity?.verified && s.screen?.hit === false ? 'clear' : 'refer' }),
  next: 'done',
});

/** Identity and screening at once, joined when both answer (identity is compensated if screening fails for good). */
export const parallelChecksWorkflow = defineWorkflow({
  id: 'test.parallel.checks',
  version: 1,
  input: Applicant,
  state: ChecksState,
  initialState: initialChecks,
  start: 'checks',
  steps: {
    checks: step.parallel({
      join: 'all',
      branches: { identity: { into: 'identity', step: identityCall }, screen: { into: 'screen', step: screenCall } },
      next: 'verdict',
    }),
    verdict,
    done: step.end({ outcome: 'completed' }),
  },
});

/** Two identity providers raced: the first answer joins; the other's is late, and compensated. */
export const raceWorkflow = defineWorkflow({
  id: 'test.parallel.race',
  version: 1,
  input: Applicant,
  state: ChecksState,
  initialState: initialChecks,
  start: 'race',
  steps: {
    race: step.parallel({
      join: 'any',
      branches: {
        primary: { into: 'identity', step: identityCall },
        backup: {
          into: 'backup',
          step: step.branch.agent({
            ...identityCall,
            fold: (s, reply) => ({ ...s, backup: { verified: reply.verified } }),
          }),
        },
      },
      next: 'done',
    }),
    done: step.end({ outcome: 'completed' }),
  },
});

export const FleetState = z.strictObject({
  vehicles: z.array(z.string()),
  etas: z.array(z.strictObject({ vehicleId: z.string(), minutes: z.number() }).nullable()).nullable(),
});
export type FleetState = z.infer<typeof FleetState>;
const fleet = stepsFor<FleetState>();

/** Every vehicle asked for its ETA, two at a time, at most five vehicles. */
export const fleetWorkflow = defineWorkflow({
  id: 'test.fanout.fleet',
  version: 1,
  input: z.strictObject({ vehicles: z.array(z.string()) }),
  state: FleetState,
  initialState: (input) => ({ vehicles: input.vehicles, etas: null }),
  start: 'ask',
  steps: {
    ask: fleet.fanOut({
      items: (s) => s.vehicles,
      step: fleet.fanOutCall({
        pattern: EtaRequested.type,
        request: EtaRequested,
        reply: EtaReturned,
        input: (vehicleId: string) => ({ vehicleId }),
        retry: RETRY,
      }),
      concurrency: 2,
      maxItems: 5,
      into: 'etas',
      next: 'done',
    }),
    done: fleet.end({ outcome: 'completed' }),
  },
});

/**
 * A screening that must answer within 500 ms over all its attempts; past it (or with the
 * screening's circuit open, or a refusal) the rules-only path stands, flagged.
 */
export const deadlineStepWorkflow = defineWorkflow({
  id: 'test.deadline.step',
  version: 1,
  input: Applicant,
  state: ChecksState,
  initialState: initialChecks,
  start: 'screen',
  steps: {
    screen: step.agent({
      ...screenCall,
      retry: { maxAttempts: 10, initialDelayMs: 200, maxDelayMs: 200 },
      timeoutMs: 300,
      deadlineMs: 500,
      onDeadline: 'rulesOnly',
      next: 'screened',
    }),
    screened: step.compute({ run: (s) => ({ ...s, outcome: 'screened' }), next: 'done' }),
    rulesOnly: step.compute({ run: (s) => ({ ...s, outcome: 'rules-only' }), next: 'done' }),
    done: step.end({ outcome: 'completed' }),
  },
});

/**
 * The gate, then the model and the screening at once under a 400 ms deadline: a model that has
 * not answered by then is abandoned and the rules-only result stands.
 */
export const gatedParallelWorkflow = defineWorkflow({
  id: 'test.parallel.gated',
  version: 1,
  input: Applicant,
  state: ChecksState,
  initialState: initialChecks,
  start: 'gate',
  steps: {
    gate: step.policy({
      intent: LLM_INVOKE_INTENT,
      context: () => ({ amount: 100 }),
      permits: 'both/assess',
      next: { allow: 'both', deny: 'rulesOnly', review: 'rulesOnly' },
    }),
    both: step.parallel({
      join: 'all',
      branches: {
        assess: {
          into: 'risk',
          step: step.branch.model({
            permit: 'gate',
            prompt: { templateId: riskPrompt.id, templateVersion: riskPrompt.version },
            output: RiskOutput,
            template: riskPrompt,
            outputSchema: riskBand,
            input: (s) => ({ applicantId: s.applicantId, amount: 100 }),
            fold: (s, output) => ({ ...s, risk: output.risk }),
          }),
        },
        screen: { into: 'screen', step: screenCall },
      },
      deadlineMs: 400,
      onDeadline: 'rulesOnly',
      next: 'modelled',
    }),
    modelled: step.compute({ run: (s) => ({ ...s, outcome: `model:${s.risk}` }), next: 'done' }),
    rulesOnly: step.compute({ run: (s) => ({ ...s, outcome: 'rules-only' }), next: 'done' }),
    done: step.end({ outcome: 'completed' }),
  },
});

/** The same screening, naming why it fell back: `deadlineReasonInto` writes the reason into `outcome`. */
export const deadlineReasonWorkflow = defineWorkflow({
  id: 'test.deadline.reason',
  version: 1,
  input: Applicant,
  state: ChecksState,
  initialState: initialChecks,
  start: 'screen',
  steps: {
    screen: step.agent({
      ...screenCall,
      retry: { maxAttempts: 10, initialDelayMs: 200, maxDelayMs: 200 },
      timeoutMs: 300,
      deadlineMs: 500,
      onDeadline: 'rulesOnly',
      deadlineReasonInto: 'outcome',
      next: 'screened',
    }),
    screened: step.compute({ run: (s) => ({ ...s, outcome: 'screened' }), next: 'done' }),
    rulesOnly: step.compute({ run: (s) => ({ ...s, outcome: `rules-only:${s.outcome}` }), next: 'done' }),
    done: step.end({ outcome: 'completed' }),
  },
});

/** Every workflow above. */
export const PARALLEL_WORKFLOWS = [
  parallelChecksWorkflow,
  raceWorkflow,
  fleetWorkflow,
  deadlineStepWorkflow,
  gatedParallelWorkflow,
  deadlineReasonWorkflow,
] as const;
