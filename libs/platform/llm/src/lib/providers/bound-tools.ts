import type { BindToolsInput, ToolChoice } from '@langchain/core/language_models/chat_models';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';

/**
 * The name of a tool in any form `bindTools` accepts (OpenAI format, StructuredTool, ...).
 *
 * @example toolName({ type: 'function', function: { name: 'loan_risk', parameters: {} } }) // 'loan_risk'
 */
export function toolName(tool: BindToolsInput): string {
  return convertToOpenAITool(tool).function.name;
}

/**
 * The tool a model must answer with: the one `tool_choice` names, else the only tool bound, else
 * the first of `candidates` that `accept` says it can answer; null when there is none.
 *
 * @example chosenTool(['loan_risk'], undefined) // 'loan_risk'
 */
export function chosenTool(
  names: readonly string[],
  toolChoice: ToolChoice | undefined,
  accept: (name: string) => boolean = () => true,
): string | null {
  const named = namedChoice(toolChoice);
  if (named !== null) return names.includes(named) ? named : null;
  if (toolChoice === 'none') return null;
  if (names.length === 1) return names[0] ?? null;
  return names.find(accept) ?? null;
}

function namedChoice(toolChoice: ToolChoice | undefined): string | null {
  if (typeof toolChoice === 'string')
    return ['auto', 'any', 'none', 'required'].includes(toolChoice) ? null : toolChoice;
  if (toolChoice && typeof toolChoice === 'object') {
    const fn = (toolChoice as { function?: { name?: unknown } }).function;
    if (typeof fn?.name === 'string') return fn.name;
    const name = (toolChoice as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return null;
}
