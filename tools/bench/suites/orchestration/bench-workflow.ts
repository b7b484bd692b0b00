// The benchmark's 5-step workflow (agent call, policy, model, compute, emit) and its echo agent.
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { defineMessage, Envelope } from '@baton/contracts';
import { BatonRmqContext } from '@baton/messaging';
import { defineOutputSchema } from '@baton/llm';
import { defineWorkflow, stepsFor } from '@baton/orchestration';

export const EnrichRequested = defineMessage(
  'bench.enrich.requested',
  1,
  z.strictObject({ applicantId: z.string(), amount: z.number() }),
);
export const EnrichReplied = defineMessage(
  'bench.enrich.replied',
  1,
  z.strictObject({ applicantId: z.string(), score: z.number() }),
);
export const BenchDecided = defineMessage(
  'bench.application.decided',
  1,
  z.strictObject({ applicantId: z.string(), outcome: z.enum(['approved', 'declined']) }),
);

const State = z.strictObject({
  applicantId: z.string(),
  amount: z.number(),
  consent: z.boolean(),
  score: z.number().nullable(),
  band: z.enum(['low', 'high']).nullable(),
  outcome: z.enum(['approved', 'declined']).nullable(),
});
type State = z.infer<typeof State>;
const step = stepsFor<State>();

/** The model's answer, registered with the gateway under a name and version. */
export const RiskBand = defineOutputSchema({
  name: 'bench_risk',
  version: 1,
  description: 'risk band',
  schema: z.strictObject({ band: z.enum(['low', 'high']) }),
});

export const benchWorkflow = defineWorkflow({
  id: 'bench.application',
  version: 1,
  input: z.strictObject({ applicantId: z.string(), amount: z.number(), consent: z.boolean() }),
  state: State,
  initialState: (input) => ({ ...input, score: null, band: null, outcome: null }),
  start: 'enrich',
  steps: {
    enrich: step.agent({
      pattern: 'bench.enrich.requested',
      request: EnrichRequested,
      reply: EnrichReplied,
      input: (s) => ({ applicantId: s.applicantId, amount: s.amount }),
      fold: (s, reply) => ({ ...s, score: reply.score }),
      retry: { maxAttempts: 3 },
      next: 'gate',
    }),
    gate: step.policy({
      intent: 'llm.invoke',
      context: (s) => ({ consent: s.consent, amount: s.amount }),
      permits: 'assess',
      next: { allow: 'assess', deny: 'decide', review: 'decide' },
    }),
    assess: step.model({
      permit: 'gate',
      prompt: { templateId: 'bench.risk', templateVersion: '1' },
      output: RiskBand.schema,
      input: (s) => ({ amount: s.amount, score: s.score }),
      fold: (s, output) => ({ ...s, band: output.band }),
      next: 'decide',
    }),
    decide: step.compute({
      run: (s) => ({ ...s, outcome: s.band === 'low' ? 'approved' : 'declined' }),
      next: 'announce',
    }),
    announce: step.emit({
      event: BenchDecided,
      payload: (s) => ({ applicantId: s.applicantId, outcome: s.outcome ?? 'declined' }),
      next: 'done',
    }),
    done: step.end({ outcome: 'completed' }),
  },
});

/** An agent with no outside work: what is measured is the platform's path, not a bureau's. */
@Controller()
export class EnrichAgent {
  @MessagePattern('bench.enrich.requested')
  enrich(@Payload() envelope: Envelope<{ applicantId: string; amount: number }>, @Ctx() context: BatonRmqContext) {
    return EnrichReplied.create(
      { applicantId: envelope.payload.applicantId, score: envelope.payload.amount % 100 },
      {
        correlationId: envelope.correlationId,
        causationId: envelope.id,
        tenantId: envelope.tenantId,
        actor: { kind: 'service', id: context.getQueue() },
      },
    );
  }
}
