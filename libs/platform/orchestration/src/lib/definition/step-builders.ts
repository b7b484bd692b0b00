import type { z } from 'zod';
import type {
  AgentStep,
  ChildStep,
  ComputeStep,
  EmitStep,
  EndStep,
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
    model: <O extends z.ZodType>(step: Omit<ModelStep<S, O>, 'kind'>): ModelStep<S, O> => ({ kind: 'model', ...step }),
    signal: <P extends z.ZodType>(step: Omit<SignalStep<S, P>, 'kind'>): SignalStep<S, P> => ({
      kind: 'signal',
      ...step,
    }),
    sleep: (step: Omit<SleepStep<S>, 'kind'>): SleepStep<S> => ({ kind: 'sleep', ...step }),
    emit: <P extends z.ZodType>(step: Omit<EmitStep<S, P>, 'kind'>): EmitStep<S, P> => ({ kind: 'emit', ...step }),
    child: (step: Omit<ChildStep<S>, 'kind'>): ChildStep<S> => ({ kind: 'child', ...step }),
    end: (step: Omit<EndStep, 'kind'>): EndStep => ({ kind: 'end', ...step }),
  };
}
