import type { z } from 'zod';
import type { ModelCallResult, Obligation, Permit } from '@baton/contracts';

export interface ModelInvocation<O extends z.ZodType> {
  readonly runId: string;
  readonly stepId: string;
  readonly tenantId: string;
  /** `runId:stepId:epoch`: the same call made twice is the same call. */
  readonly idempotencyKey: string;
  readonly permit: Permit;
  readonly obligations: readonly Obligation[];
  readonly prompt: { readonly templateId: string; readonly templateVersion: string };
  readonly variables: Record<string, unknown>;
  readonly output: O;
}

/** What the engine asks of the model gateway (`@baton/llm` implements it). */
export interface ModelPort {
  invoke<O extends z.ZodType>(
    invocation: ModelInvocation<O>,
  ): Promise<{ output: z.output<O>; record: ModelCallResult | null }>;
}
