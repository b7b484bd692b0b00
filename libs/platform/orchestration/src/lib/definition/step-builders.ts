import type { z } from 'zod';
import type { OutputSchema, PromptTemplate } from '@baton/llm';
import type { FanOutCall } from './steps';
import type {
  AgentStep,
  ChildStep,
  ComputeStep,
  EmitStep,
  EndStep,
  FanOutStep,
  ParallelStep,
  ModelStep,
  PolicyStep,
  SignalStep,
  SleepStep,
} from './steps';

/**
 * Step builders bound to one state type. They exist for inference: each ties a step's input,
 * output and fold to the state type, so a fold that returns the wrong shape does not compile,
 * while message and output schemas are inferred from the definitions passed in.
 *
 * @example
 * const step = stepsFor<LoanState>();
 * const checks = step.parallel({ join: 'all', next: 'compliance', branches: {
 *   kyc: { into: 'kyc', step: step.branch.agent({ pattern: 'loan.kyc.check', request: KycRequested, reply: KycChecked,
 *     input: (s) => ({ applicantId: s.applicantId }), fold: (s, r) => ({ ...s, kyc: r.status }) }) },
 *   sanctions: { into: 'sanctions', step: sanctionsBranch } } });
 * const kyc = step.agent({ pattern: 'loan.kyc.check', request: KycRequested, reply: KycChecked,
 *   input: (s) => ({ applicantId: s.applicantId }), fold: (s, r) => ({ ...s, kyc: r.status }), next: 'gate' });
 */
export function stepsFor<S>() {
  return {
    compute: (step: Omit<ComputeStep<S>, 'kind'>): ComputeStep<S> => ({ kind: 'compute', ...step }),
    agent: <Req extends z.ZodType, Rep extends z.ZodType>(
      step: Omit<AgentStep<S, Req, Rep>, 'kind'>,
    ): AgentStep<S, Req, Rep> => ({ kind: 'agent', ...step }),
    policy: (step: Omit<PolicyStep<S>, 'kind'>): PolicyStep<S> => ({ kind: 'policy', ...step }),
    model: modelStepFor<S>(),
    signal: <P extends z.ZodType>(step: Omit<SignalStep<S, P>, 'kind'>): SignalStep<S, P> => ({
      kind: 'signal',
      ...step,
    }),
    sleep: (step: Omit<SleepStep<S>, 'kind'>): SleepStep<S> => ({ kind: 'sleep', ...step }),
    emit: <P extends z.ZodType>(step: Omit<EmitStep<S, P>, 'kind'>): EmitStep<S, P> => ({ kind: 'emit', ...step }),
    child: (step: Omit<ChildStep<S>, 'kind'>): ChildStep<S> => ({ kind: 'child', ...step }),
    end: (step: Omit<EndStep, 'kind'>): EndStep => ({ kind: 'end', ...step }),
    parallel: (step: Omit<ParallelStep<S>, 'kind'>): ParallelStep<S> => ({ kind: 'parallel', ...step }),
    fanOut: <T>(step: Omit<FanOutStep<S, T>, 'kind'>): FanOutStep<S, T> => ({ kind: 'fanOut', ...step }),
    /** Steps for the branches of a parallel step: like the others, without `next`. */
    branch: {
      agent: <Req extends z.ZodType, Rep extends z.ZodType>(
        step: Omit<AgentStep<S, Req, Rep>, 'kind' | 'next'>,
      ): Omit<AgentStep<S, Req, Rep>, 'next'> => ({ kind: 'agent', ...step }),
      policy: (step: Omit<PolicyStep<S>, 'kind' | 'next'>): Omit<PolicyStep<S>, 'next'> => ({
        kind: 'policy',
        ...step,
      }),
      model: <O extends z.ZodType>(step: Omit<ModelStep<S, O>, 'kind' | 'next'>): Omit<ModelStep<S, O>, 'next'> => ({
        kind: 'model',
        ...step,
      }),
      compute: (step: Omit<ComputeStep<S>, 'kind' | 'next'>): Omit<ComputeStep<S>, 'next'> => ({
        kind: 'compute',
        ...step,
      }),
    },
    /** The agent call of a fan-out, typed by its item. */
    fanOutCall: <T, Req extends z.ZodType, Rep extends z.ZodType>(
      call: Omit<FanOutCall<S, T, Req, Rep>, 'kind'>,
    ): FanOutCall<S, T, Req, Rep> => ({ kind: 'agent', ...call }),
  };
}

/** A model step that names its prompt template and output schema by value. */
export type ModelStepByValue<S, T> = Omit<
  ModelStep<S, z.ZodType<T>>,
  'kind' | 'prompt' | 'output' | 'template' | 'outputSchema'
> & { readonly prompt: PromptTemplate; readonly output: OutputSchema<T> };

function modelStepFor<S>() {
  function model<T>(step: ModelStepByValue<S, T>): ModelStep<S, z.ZodType<T>>;
  function model<O extends z.ZodType>(step: Omit<ModelStep<S, O>, 'kind'>): ModelStep<S, O>;
  function model(step: ModelStepByValue<S, unknown> | Omit<ModelStep<S, z.ZodType>, 'kind'>): ModelStep<S, z.ZodType> {
    if (!isTemplate(step.prompt) || !isOutputSchema(step.output)) {
      return { kind: 'model', ...(step as Omit<ModelStep<S, z.ZodType>, 'kind'>) };
    }
    const { prompt: template, output: outputSchema, ...rest } = step as ModelStepByValue<S, unknown>;
    return {
      kind: 'model',
      ...rest,
      prompt: { templateId: template.id, templateVersion: template.version },
      output: outputSchema.schema,
      template,
      outputSchema,
    };
  }
  return model;
}

function isTemplate(value: unknown): value is PromptTemplate {
  return typeof value === 'object' && value !== null && 'system' in value && 'user' in value && 'hash' in value;
}

function isOutputSchema(value: unknown): value is OutputSchema<unknown> {
  return typeof value === 'object' && value !== null && 'tool' in value && 'schema' in value;
}
