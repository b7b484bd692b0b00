import { HumanMessage } from '@langchain/core/messages';
import { fenceData } from '../prompts/data-fence';

/**
 * The one re-ask after an answer that did not fit the schema: the validation issues, and the
 * rejected answer fenced as data (it came from a model and may echo untrusted text).
 *
 * @example const retry = [...prompt.messages, repairMessage('loan_risk_assessment', answer.raw, answer.issues)];
 */
export function repairMessage(toolName: string, rawAnswer: string, issues: readonly string[]): HumanMessage {
  return new HumanMessage(
    `Your previous answer could not be accepted:\n${issues.map((issue) => `- ${issue}`).join('\n')}\n` +
      `${fenceData('rejected_answer', rawAnswer)}\n` +
      `Call the tool \`${toolName}\` again, once, with arguments that satisfy its schema.`,
  );
}
