import { z } from 'zod';
import { permitSchema } from './permit';
import { sha256HexSchema } from './common';

/** The versioned prompt template a model call renders, identified so every call is traceable. */
export const promptRefSchema = z.strictObject({
  templateId: z.string().min(1),
  templateVersion: z.string().min(1),
  templateHash: sha256HexSchema,
});
export type PromptRef = z.infer<typeof promptRefSchema>;

export const tokenUsageSchema = z.strictObject({
  inputTokens: z.int().nonnegative(),
  outputTokens: z.int().nonnegative(),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** A request to the model gateway: what to render, which schema the answer must fill, under which permit. */
export const modelCallRequestSchema = z.strictObject({
  runId: z.string().min(1),
  stepId: z.string().min(1),
  /** `runId:stepId`: the same call made twice is the same call. */
  idempotencyKey: z.string().min(1),
  permit: permitSchema,
  prompt: promptRefSchema,
  /** Template variables, already redacted according to the decision's obligations. */
  variables: z.record(z.string(), z.json()),
  outputSchema: z.strictObject({ name: z.string().min(1), version: z.int().positive() }),
  /** A preferred provider and model; null lets configuration choose. */
  model: z.strictObject({ provider: z.string().min(1), name: z.string().min(1) }).nullable(),
});
export type ModelCallRequest = z.infer<typeof modelCallRequestSchema>;

/** What the gateway reports for a call that produced schema-valid output. */
export const modelCallResultSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  prompt: promptRefSchema,
  output: z.json(),
  usage: tokenUsageSchema,
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  /** Calls made in all, repairs and retries included. */
  attempts: z.int().positive(),
  /** True when the answer came from a fallback model rather than the first choice. */
  fallbackUsed: z.boolean(),
});
export type ModelCallResult = z.infer<typeof modelCallResultSchema>;
