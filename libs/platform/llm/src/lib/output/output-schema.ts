import type { ToolDefinition } from '@langchain/core/language_models/base';
import { z } from 'zod';
import { LlmError } from '../errors/llm-error';

// Tool names providers accept (OpenAI's rule, the strictest of them).
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A named, versioned zod schema that a model answer must fill. */
export interface OutputSchema<T> {
  /** Also the name of the one tool the model is offered, e.g. `loan_risk_assessment`. */
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly schema: z.ZodType<T>;
  /** The tool offered to the model: exactly this schema, nothing else. */
  readonly tool: ToolDefinition;
}

/** What a vertical writes to define an {@link OutputSchema}. */
export interface OutputSchemaDefinition<S extends z.ZodType> {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly schema: S;
}

/**
 * Defines the schema a model answer must fill. The model is offered it as its only tool, so the
 * answer can only fill these fields; it cannot add intents or call other tools. Use
 * `z.strictObject` to reject extra keys instead of dropping them.
 *
 * @example
 * const riskAssessment = defineOutputSchema({
 *   name: 'loan_risk_assessment', version: 1, description: 'Risk band and rationale',
 *   schema: z.strictObject({ band: z.enum(['low', 'medium', 'high']), rationale: z.string() }),
 * });
 */
export function defineOutputSchema<S extends z.ZodType>(
  definition: OutputSchemaDefinition<S>,
): OutputSchema<z.output<S>> {
  if (!TOOL_NAME.test(definition.name)) {
    throw new LlmError(
      'CONFIGURATION_INVALID',
      `output schema name ${JSON.stringify(definition.name)} must match ${TOOL_NAME}`,
    );
  }
  let parameters: Record<string, unknown>;
  try {
    parameters = z.toJSONSchema(definition.schema) as Record<string, unknown>;
  } catch (error) {
    throw new LlmError('CONFIGURATION_INVALID', `output schema ${definition.name} is not expressible as JSON Schema`, {
      cause: error,
    });
  }
  if (parameters['type'] !== 'object') {
    throw new LlmError(
      'CONFIGURATION_INVALID',
      `output schema ${definition.name} must be an object: tool arguments always are`,
    );
  }
  const tool: ToolDefinition = {
    type: 'function',
    function: { name: definition.name, description: definition.description, parameters },
  };
  return Object.freeze({ ...definition, schema: definition.schema as z.ZodType<z.output<S>>, tool });
}
