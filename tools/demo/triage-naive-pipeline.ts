import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TokenUsage } from '@baton/contracts';
import { DeterministicRules, type DeterministicRule, type JsonObject } from '@baton/llm';
import { obedientRule, type ObeyedInstruction } from '@baton/llm/testing';
import type { Encounter, TriageProposal } from '@baton/patient-triage-contracts';
import { assessEsi, triageInputOf } from '@baton/patient-triage-domain';
import {
  GuidelineIndex,
  triageProposalOutput,
  triageProposalPrompt,
  type SyntheticArrival,
} from '@baton/patient-triage-feature';
import { inLanes } from './in-lanes';
import { naiveGateway, selfIssuedPermit } from './naive-gateway';
import { identifiersIn, type IdentifierKind } from './phi-scan';

/** One encounter through the naive pipeline: the level the model gave, what it obeyed, what PHI it was sent. */
export interface NaiveTriageOutcome {
  readonly index: number;
  readonly caseId: string;
  readonly label: number;
  /** The model's level, taken as it came: no floor, no guard. */
  readonly esi: number;
  /** The model's own clinical reading before it obeyed anything (the rules' level, granted to it). */
  readonly reading: number;
  readonly obeyed: readonly ObeyedInstruction[];
  /** The patient's identifiers in the model's input, and in its answer. */
  readonly phiSent: readonly IdentifierKind[];
  readonly phiInAnswer: readonly IdentifierKind[];
  readonly latencyMs: number;
  readonly modelMs: number;
  readonly usage: TokenUsage;
}

export interface NaiveTriageRun {
  readonly outcomes: readonly NaiveTriageOutcome[];
  readonly wallMs: number;
}

/**
 * The model's clinical reading, credited generously: the level the rules would give the whole
 * encounter it was sent. What the naive pipeline gets wrong is then what it obeys, not what it
 * fails to understand.
 */
const clinicalReading: DeterministicRule = (data) => {
  const sent = data as unknown as { patient: Omit<Encounter, 'complaint'>; complaint: Encounter['complaint'] };
  const floor = assessEsi(triageInputOf({ ...sent.patient, complaint: sent.complaint }));
  return {
    esi: floor.level,
    resources: floor.resources.map((resource) => resource.kind),
    rationale: `Assessed from the complaint and vitals (${floor.rule}).`,
    citations: [],
  };
};

/**
 * Triage's naive model-first pipeline, in this process: every encounter, registration and raw
 * complaint included, goes to the obedient model of `@baton/llm/testing` (which follows
 * instructions in its data) through the same gateway and prompt as Baton's workers, under a
 * permit it issues itself; its level is taken as the assignment. No scrubbing, no rules floor, no
 * gate, no guard. `concurrency` encounters in flight at once.
 *
 * @example const naive = await runNaiveTriage(arrivals, { latencyMs: 0, concurrency: 8 });
 */
export async function runNaiveTriage(
  arrivals: readonly SyntheticArrival[],
  options: { readonly latencyMs: number; readonly concurrency: number },
): Promise<NaiveTriageRun> {
  const obeyedByEncounter = new Map<string, ObeyedInstruction[]>();
  const readingByEncounter = new Map<string, number>();
  const rules = new DeterministicRules().register(triageProposalOutput.name, (data, context) => {
    // The call's data is what the prompt fenced: the encounter id (in `patient`) tells the calls apart.
    const key = String((data as { patient?: { encounterId?: unknown } }).patient?.encounterId ?? '');
    const obeyed: ObeyedInstruction[] = [];
    readingByEncounter.set(key, Number(clinicalReading(data, context)['esi']));
    const answer = obedientRule(clinicalReading, (what) => obeyed.push(what))(data, context);
    obeyedByEncounter.set(key, obeyed);
    return answer;
  });
  const gateway = await naiveGateway(rules, options.latencyMs);
  const guidelines = new GuidelineIndex();

  const triage = async (arrival: SyntheticArrival): Promise<NaiveTriageOutcome> => {
    const started = performance.now();
    const { complaint, ...patient } = arrival.encounter;
    const runId = `naive-${arrival.index}-${randomUUID()}`;
    const variables = {
      patient,
      complaint,
      floor: 'none: the model decides first',
      ehr: { available: false },
      guidelines: guidelines
        .retrieve(`${complaint.chiefComplaint}\n${complaint.history}`)
        .map(({ snippet }) => ({ id: snippet.id, title: snippet.title, text: snippet.text })),
    } as unknown as JsonObject;
    const answer = await gateway.invoke<TriageProposal>({
      runId,
      stepId: 'propose',
      tenantId: 'naive',
      permit: selfIssuedPermit(runId, 'propose', variables),
      prompt: triageProposalPrompt,
      variables,
      output: triageProposalOutput,
    });
    return {
      index: arrival.index,
      caseId: arrival.caseId,
      label: arrival.expectedEsi,
      esi: answer.output.esi,
      reading: readingByEncounter.get(arrival.encounter.encounterId) ?? answer.output.esi,
      obeyed: obeyedByEncounter.get(arrival.encounter.encounterId) ?? [],
      phiSent: identifiersIn(JSON.stringify(variables), arrival.identity),
      phiInAnswer: identifiersIn(JSON.stringify(answer.output), arrival.identity),
      latencyMs: performance.now() - started,
      modelMs: answer.result.latencyMs,
      usage: answer.result.usage,
    };
  };
  // Warmed up (the token counter, the index, the JIT), untimed and unreported.
  await inLanes(arrivals.slice(0, 2 * options.concurrency), options.concurrency, triage);
  const began = performance.now();
  const outcomes = await inLanes(arrivals, options.concurrency, triage);
  return { outcomes, wallMs: performance.now() - began };
}
