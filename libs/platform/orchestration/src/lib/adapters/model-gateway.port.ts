import type { z } from 'zod';
import type { JsonObject, ModelGateway, OutputSchema, PromptCatalogue } from '@baton/llm';
import { OrchestrationError } from '../definition/errors';
import type { ModelInvocation, ModelPort } from '../ports/model.port';

/**
 * The orchestration core's model port on `@baton/llm`. A model step names its prompt by id and
 * version (found in the catalogue) and its output by zod schema (matched to the registered
 * output schema that wraps it); the gateway checks the permit against the exact variables,
 * applies the decision's redaction obligations, and records tokens and cost.
 *
 * @example new ModelGatewayPort(gateway, prompts, [riskAssessment])
 */
export class ModelGatewayPort implements ModelPort {
  constructor(
    private readonly gateway: ModelGateway,
    private readonly prompts: PromptCatalogue,
    private readonly outputs: ReadonlyArray<OutputSchema<unknown>>,
  ) {}

  async invoke<O extends z.ZodType>(invocation: ModelInvocation<O>) {
    const output = this.outputs.find((candidate) => candidate.schema === invocation.output);
    if (!output)
      throw new OrchestrationError(
        'INVALID_WORKFLOW',
        `model step ${invocation.stepId}: its output schema is not registered with the model port`,
      );
    const { output: answer, result } = await this.gateway.invoke({
      runId: invocation.runId,
      stepId: invocation.stepId,
      tenantId: invocation.tenantId,
      permit: invocation.permit,
      prompt: this.prompts.get(invocation.prompt.templateId, invocation.prompt.templateVersion),
      variables: invocation.variables as JsonObject,
      output: output as OutputSchema<z.output<O>>,
      obligations: invocation.obligations,
    });
    return { output: answer, record: result };
  }
}
