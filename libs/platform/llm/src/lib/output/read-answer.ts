import { AIMessage, AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';

/** One model answer checked against the output schema. */
export type Answer<T> =
  | { readonly ok: true; readonly output: T; readonly raw: string; readonly ignoredToolCalls: readonly string[] }
  | {
      readonly ok: false;
      readonly raw: string;
      readonly issues: readonly string[];
      readonly ignoredToolCalls: readonly string[];
    };

/**
 * Reads the answer to `toolName` out of a model message and validates it with `schema`. Only
 * the call to that one tool counts: other tool calls (an injected "approve_loan", say) are
 * ignored and reported, and plain text is accepted only if it is the JSON of the arguments.
 * Arguments are parsed strictly: a truncated stream is not patched up into something plausible.
 *
 * @example
 * const answer = readAnswer(message, 'loan_risk_assessment', riskAssessment.schema);
 * if (!answer.ok) console.warn(answer.issues);
 */
export function readAnswer<T>(message: BaseMessage, toolName: string, schema: z.ZodType<T>): Answer<T> {
  const calls = AIMessage.isInstance(message) ? (message.tool_calls ?? []) : [];
  const ignoredToolCalls = [
    ...calls.filter((call) => call.name !== toolName).map((call) => call.name),
    ...invalidCalls(message)
      .filter((call) => call.name !== undefined && call.name !== toolName)
      .map((call) => call.name as string),
  ];
  const extracted = extract(message, toolName);
  if ('error' in extracted) return { ok: false, raw: extracted.raw, issues: [extracted.error], ignoredToolCalls };
  const parsed = schema.safeParse(extracted.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    );
    return { ok: false, raw: extracted.raw, issues, ignoredToolCalls };
  }
  return { ok: true, output: parsed.data, raw: extracted.raw, ignoredToolCalls };
}

function extract(
  message: BaseMessage,
  toolName: string,
): { value: unknown; raw: string } | { error: string; raw: string } {
  // A streamed answer keeps the raw argument text in its chunks; LangChain's own parse of it is
  // lenient (partial JSON), so the raw text is parsed again, strictly.
  if (AIMessageChunk.isInstance(message)) {
    const chunk = (message.tool_call_chunks ?? []).find((candidate) => candidate.name === toolName);
    if (chunk?.args !== undefined) return parseJson(chunk.args, `arguments of ${toolName}`);
  }
  const call = AIMessage.isInstance(message)
    ? message.tool_calls?.find((candidate) => candidate.name === toolName)
    : undefined;
  if (call) return { value: call.args, raw: JSON.stringify(call.args) };
  const invalid = invalidCalls(message).find(
    (candidate) => candidate.name === toolName || candidate.name === undefined,
  );
  if (invalid) return parseJson(invalid.args ?? '', `arguments of ${toolName}`);
  const text = message.text.trim();
  if (text === '') return { error: `the answer did not call ${toolName}`, raw: '' };
  return parseJson(stripCodeFence(text), 'text answer');
}

function invalidCalls(message: BaseMessage): readonly { name?: string; args?: string }[] {
  return AIMessage.isInstance(message) ? (message.invalid_tool_calls ?? []) : [];
}

function parseJson(raw: string, what: string): { value: unknown; raw: string } | { error: string; raw: string } {
  try {
    return { value: JSON.parse(raw) as unknown, raw };
  } catch (error) {
    return { error: `${what} are not valid JSON (${(error as Error).message})`, raw };
  }
}

function stripCodeFence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(text);
  return fenced?.[1] ?? text;
}
