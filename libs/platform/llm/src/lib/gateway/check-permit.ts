import { LLM_INVOKE_INTENT } from '@baton/contracts';
import { Permit, permitMismatch, permitSchema } from '@baton/contracts';
import { LlmError } from '../errors/llm-error';
import { hashJson, JsonObject } from '../support/json';

/** The intent every model call needs a permit for. */
export { LLM_INVOKE_INTENT };

/**
 * The default input hash a permit binds a model call to: SHA-256 of the canonical JSON of the
 * template variables before redaction. The policy step must hash the same value.
 *
 * @example const inputHash = hashModelInput({ application });
 */
export function hashModelInput(variables: JsonObject): string {
  return hashJson(variables);
}

/**
 * The permit, if it covers an `llm.invoke` of this run, step and input at `at`; otherwise a
 * PERMIT_REQUIRED error saying why.
 *
 * @example checkPermit(call.permit, { runId, stepId, inputHash, at: clock.now().toISOString() });
 */
export function checkPermit(
  permit: unknown,
  use: { runId: string; stepId: string; inputHash: string; at: string },
): Permit {
  const parsed = permitSchema.safeParse(permit);
  if (!parsed.success)
    throw new LlmError(
      'PERMIT_REQUIRED',
      'a model call needs a permit from an allowing llm.invoke decision; none was given',
    );
  const mismatch = permitMismatch(parsed.data, { intent: LLM_INVOKE_INTENT, ...use });
  if (mismatch !== null)
    throw new LlmError('PERMIT_REQUIRED', `the permit does not cover this model call: ${mismatch}`);
  return parsed.data;
}
