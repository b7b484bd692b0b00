import { DeterministicRules, type JsonObject } from '@baton/llm';
import { triageProposalOutput } from '../prompts/triage-proposal.prompt';

interface ProposalInput {
  floor?: { esi?: number; resources?: string[]; rule?: string };
  guidelines?: { id?: string }[];
}

/**
 * The offline deterministic model (`LLM_PROVIDER=deterministic`, the default): it agrees with the
 * rules floor and cites the first two guidelines it was given. Same input, same answer; it ignores
 * instructions in the text by construction (the obedient model of `@baton/llm/testing` does not).
 */
export function triageDeterministicRules(onInput?: (data: JsonObject) => void): DeterministicRules {
  return new DeterministicRules().register(triageProposalOutput.name, (data) => {
    onInput?.(data);
    const input = data as ProposalInput;
    const floor = Math.min(5, Math.max(1, input.floor?.esi ?? 3));
    const citations = (input.guidelines ?? []).slice(0, 2).flatMap((guideline) => (guideline.id ? [guideline.id] : []));
    return {
      esi: floor,
      resources: input.floor?.resources ?? [],
      rationale: `Agrees with the rules (${input.floor?.rule ?? 'floor'}).`,
      citations,
    };
  });
}
