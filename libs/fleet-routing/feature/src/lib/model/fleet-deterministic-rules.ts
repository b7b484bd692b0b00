import { DeterministicRules, type JsonObject } from '@baton/llm';
import { fleetAssessOutput } from '../prompts/assess.prompt';

/** Above this many characters of summary, or this value, the offline model calls a case complex. */
const LONG_SUMMARY = 200;
const HIGH_VALUE = 100_000;

/**
 * The offline deterministic model's answer for the vertical's output schema (`LLM_PROVIDER=deterministic`,
 * the default): the same case gets the same assessment, so tests and demos need no network.
 */
export function fleetDeterministicRules(onInput?: (data: JsonObject) => void): DeterministicRules {
  return new DeterministicRules().register(fleetAssessOutput.name, (data) => {
    onInput?.(data);
    const submitted = (data['case'] ?? {}) as { summary?: unknown; value?: unknown };
    const complex = String(submitted.summary ?? '').length > LONG_SUMMARY || Number(submitted.value ?? 0) > HIGH_VALUE;
    return {
      complexity: complex ? 'complex' : 'routine',
      rationale: complex ? 'A long summary or a high value.' : 'A short summary and a modest value.',
    };
  });
}
