import { BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { LlmError } from '../errors/llm-error';
import { JsonObject } from '../support/json';
import { DATA_FENCE_NOTICE, fenceData } from './data-fence';
import { fillPlaceholders, PromptTemplate } from './prompt-template';

/** A prompt ready to send. */
export interface RenderedPrompt {
  readonly messages: readonly BaseMessage[];
  /** The text of all messages, joined: what redaction tests and audits inspect. */
  readonly text: string;
}

/**
 * Renders a template for one output schema: the template's instructions plus the data-fence
 * notice and the instruction to answer only through the schema's tool, then the user message
 * with each variable as a fenced data block. Variables must be exactly those the template
 * places: a missing one is an error, and so is an extra one (nothing reaches the model unplaced).
 *
 * @example
 * const prompt = renderPrompt(assessRisk, { application: redacted.variables.application }, 'loan_risk_assessment');
 */
export function renderPrompt(template: PromptTemplate, variables: JsonObject, toolName: string): RenderedPrompt {
  const given = Object.keys(variables);
  const missing = template.variables.filter((name) => !given.includes(name));
  const extra = given.filter((name) => !template.variables.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new LlmError(
      'PROMPT_INVALID',
      `template ${template.id}@${template.version}: missing variables [${missing.join(', ')}], undeclared variables [${extra.join(', ')}]`,
    );
  }
  const system =
    `${template.system}\n\n${DATA_FENCE_NOTICE}\n` +
    `Answer only by calling the tool \`${toolName}\` exactly once; its arguments are your whole answer.`;
  const user = fillPlaceholders(template.user, (name) => fenceData(name, variables[name] ?? null));
  const messages = [new SystemMessage(system), new HumanMessage(user)];
  return { messages, text: `${system}\n\n${user}` };
}
