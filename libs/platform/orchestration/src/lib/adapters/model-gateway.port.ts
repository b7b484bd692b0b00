import { modelStepsOf } from '../definition/branch-steps';
import type { z } from 'zod';
import { JsonObject, ModelGateway, OutputSchema, PromptCatalogue } from '@baton/llm';
import { OrchestrationError } from '../definition/errors';
import type { ModelStep } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
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
  /**
   * The port for every model step of these workflows: each step's template and output schema,
   * which it names by value, registered once (see {@link modelCatalogue}).
   *
   * @example const model = ModelGatewayPort.forWorkflows(gateway, [underwritingWorkflow(options)]);
   */
  static forWorkflows(gateway: ModelGateway, workflows: Iterable<WorkflowDefinition>): ModelGatewayPort {
    const { prompts, outputs } = modelCatalogue(workflows);
    return new ModelGatewayPort(gateway, prompts, outputs);
  }

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

/**
 * The prompt templates and output schemas the model steps of these workflows name by value. A
 * model step that names its prompt only by reference is refused here, at start-up, rather than
 * at its first call; the same template or schema named by several steps is registered once.
 *
 * @example const { prompts, outputs } = modelCatalogue(registry.definitions());
 */
export function modelCatalogue(workflows: Iterable<WorkflowDefinition>): {
  prompts: PromptCatalogue;
  outputs: Array<OutputSchema<unknown>>;
} {
  const prompts = new PromptCatalogue();
  const outputs = new Map<string, OutputSchema<unknown>>();
  for (const { stepId, step, workflow } of modelSteps(workflows)) {
    if (!step.template || !step.outputSchema) {
      throw new OrchestrationError(
        'INVALID_WORKFLOW',
        `model step ${workflow}.${stepId}: name its prompt template and output schema by value ` +
          '(step.model({ prompt: template, output: outputSchema })) so they are registered with the gateway',
      );
    }
    prompts.add(step.template);
    const key = `${step.outputSchema.name}@${step.outputSchema.version}`;
    const known = outputs.get(key);
    if (known && known !== step.outputSchema) {
      throw new OrchestrationError('INVALID_WORKFLOW', `output schema ${key} is defined twice; bump its version`);
    }
    outputs.set(key, step.outputSchema);
  }
  return { prompts, outputs: [...outputs.values()] };
}

/** Every model step of the workflows, with where it is. */
export function* modelSteps(
  workflows: Iterable<WorkflowDefinition>,
): Generator<{ workflow: string; stepId: string; step: ModelStep<unknown> }> {
  for (const definition of workflows) {
    for (const [stepId, step] of modelStepsOf(definition))
      yield { workflow: `${definition.id}@v${definition.version}`, stepId, step };
  }
}
