import { LLM_INVOKE_INTENT, type PolicyDecision } from '@baton/contracts';
import {
  ClinicianDisposition,
  ClinicianOverride,
  TriageAssigned,
  TriageEhrRequested,
  TriageEhrReturned,
  TriageRequest,
} from '@baton/patient-triage-contracts';
import { assessEsi, triageInputOf } from '@baton/patient-triage-domain';
import { z } from 'zod';
import { defineWorkflow, stepsFor } from '@baton/orchestration';
import type { GuidelineIndex } from '../guidelines/guideline-index';
import { modelAgeBand, scrubComplaint } from '../phi/encounter-phi';
import { triageProposalOutput, triageProposalPrompt } from '../prompts/triage-proposal.prompt';
import { clinicianAssignment, guardFacts, modelAssignment, rulesAssignment } from './triage-assignment';
import { initialTriageState, TriageState } from './triage-state';

export const TRIAGE_ASSESS_WORKFLOW_ID = 'triage.assess';
/** A clinician's new level (`ClinicianOverride`), while the encounter is open; published again. */
export const TRIAGE_OVERRIDE_SIGNAL = 'clinician.override';
/** Where the patient went (`ClinicianDisposition`): closes the encounter and ends the run. */
export const TRIAGE_DISPOSITION_SIGNAL = 'clinician.disposition';
export const TRIAGE_OUTPUT_INTENT = 'triage.output.accept';
/** Overrides one encounter may take before its run refuses more (a bound on the loop). */
export const MAX_CLINICIAN_ACTIONS = 50;

export interface TriageAssessOptions {
  /** The model the gateway is configured with: the gate judges its provider, `TriageAssigned` names it. */
  readonly model: { readonly provider: string; readonly name: string };
  /** The model's answer must arrive within this, over all attempts, or the rules' level stands. */
  readonly modelDeadlineMs: number;
  /** The EHR lookup and retrieval together; past it, triage goes on without the record. */
  readonly ehrDeadlineMs: number;
  readonly guidelines: GuidelineIndex;
}

const step = stepsFor<TriageState>();
/** A policy store that is briefly unreachable is retried, never mistaken for a decision. */
const POLICY_RETRY = { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 };
const floorOf = (s: TriageState) => s.floor as NonNullable<TriageState['floor']>;

/** An override re-assigns the level (published again by `announce`); a disposition closes the encounter. */
function foldClinician(s: TriageState, payload: unknown, name: string): TriageState {
  // Each name's payload was validated against its own schema when sent; parsing again narrows it by name.
  if (name === TRIAGE_OVERRIDE_SIGNAL) {
    const override = ClinicianOverride.parse(payload);
    return { ...s, clinician: override, overrides: s.overrides + 1, assignment: clinicianAssignment(s, override.esi) };
  }
  return { ...s, disposition: ClinicianDisposition.parse(payload).disposition };
}

/**
 * `triage.assess`: the encounter's free text is scrubbed and its identity kept sealed; the rules
 * set the floor; ESI 1-2 is assigned at once by the rules, with no model, policy or agent in
 * its path. Otherwise the EHR agent (by pseudonymous subject id) and guideline retrieval run in
 * parallel, the gate policy decides whether the model may propose, the model proposes under a
 * deadline (past it, its circuit open, or the gate refusing, the rules' level stands with the
 * reason), and the output guard holds the proposal to the floor, the retrieved guidelines and no
 * identifier. `TriageAssigned` is published; the run then takes clinicians' overrides (each
 * published again) until a disposition closes it.
 *
 * @example const workflow = triageAssessWorkflow({ model, modelDeadlineMs: 500, ehrDeadlineMs: 2_000, guidelines: new GuidelineIndex() });
 */
export function triageAssessWorkflow(options: TriageAssessOptions) {
  return defineWorkflow({
    id: TRIAGE_ASSESS_WORKFLOW_ID,
    version: 1,
    input: TriageRequest,
    state: TriageState,
    initialState: initialTriageState,
    start: 'pseudonymise',
    signals: { [TRIAGE_OVERRIDE_SIGNAL]: ClinicianOverride, [TRIAGE_DISPOSITION_SIGNAL]: ClinicianDisposition },
    steps: {
      pseudonymise: step.compute({
        run: (s) => {
          const scrubbed = scrubComplaint(s.encounter);
          const input = triageInputOf(s.encounter);
          const patient = {
            ageBand: modelAgeBand(input.age),
            sex: s.encounter.registration.sex,
            arrivalMode: input.arrivalMode,
            vitals: input.vitals,
            pain: input.pain,
            pregnancy: input.pregnancy,
          };
          const text = { chiefComplaint: scrubbed.chiefComplaint, history: scrubbed.history };
          return {
            ...s,
            pseudonyms: { subjectId: s.subjectId, tokens: { ...scrubbed.tokens } },
            scrubbed: text,
            patient,
          };
        },
        next: 'floor',
      }),
      floor: step.compute({
        run: (s) => ({ ...s, floor: assessEsi(triageInputOf(s.encounter)) }),
        next: { when: [{ if: (s) => floorOf(s).level <= 2, to: 'assignByRules' }], otherwise: 'gather' },
      }),
      // The sickest never wait: no agent, policy or model between the rules and the event.
      assignByRules: step.compute({
        run: (s) => ({ ...s, assignment: rulesAssignment(s, 'FLOOR_ESI_1_2') }),
        next: 'announce',
      }),
      gather: step.parallel({
        join: 'all',
        branches: {
          ehr: {
            into: 'ehr',
            step: step.branch.agent({
              pattern: TriageEhrRequested.type,
              request: TriageEhrRequested,
              reply: TriageEhrReturned,
              input: (s) => ({ encounterId: s.encounter.encounterId, subjectRef: s.subjectId }),
              fold: (s, reply) => ({ ...s, ehr: reply.ehr }),
              retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 },
              timeoutMs: 5_000,
            }),
          },
          guidelines: {
            into: 'guidelines',
            step: step.branch.compute({
              run: (s) => ({
                ...s,
                guidelines: options.guidelines
                  .retrieve(`${s.scrubbed?.chiefComplaint ?? ''}\n${s.scrubbed?.history ?? ''}`)
                  .map(({ snippet }) => ({ id: snippet.id, title: snippet.title, text: snippet.text })),
              }),
            }),
          },
        },
        deadlineMs: options.ehrDeadlineMs,
        onDeadline: 'gate',
        next: 'gate',
      }),
      gate: step.policy({
        intent: LLM_INVOKE_INTENT,
        permits: 'propose',
        // Recorded in the audit trail: no identity, no free text.
        context: (s) => ({
          model: { provider: options.model.provider },
          encounter: { floor: floorOf(s).level, ehrAvailable: s.ehr?.available === true },
        }),
        fold: (s, decision: PolicyDecision) => ({
          ...s,
          policyVersion: `${decision.policyId}@${decision.policyVersion}`,
        }),
        retry: POLICY_RETRY,
        next: { allow: 'propose', deny: 'gateRefused', review: 'gateRefused' },
      }),
      propose: step.model({
        permit: 'gate',
        prompt: triageProposalPrompt,
        output: triageProposalOutput,
        input: (s) => ({
          patient: s.patient,
          complaint: s.scrubbed,
          floor: {
            esi: floorOf(s).level,
            decisionPoint: floorOf(s).decisionPoint,
            rule: floorOf(s).rule,
            resources: floorOf(s).resources.map((resource) => resource.kind),
          },
          ehr: s.ehr ?? { available: false },
          guidelines: s.guidelines ?? [],
        }),
        fold: (s, proposal) => ({ ...s, proposal }),
        retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
        deadlineMs: options.modelDeadlineMs,
        onDeadline: 'rulesStand',
        deadlineReasonInto: 'rulesOnlyReason',
        next: 'guard',
      }),
      rulesStand: step.compute({
        run: (s) => ({ ...s, assignment: rulesAssignment(s, s.rulesOnlyReason ?? 'DEADLINE_PASSED') }),
        next: 'announce',
      }),
      gateRefused: step.compute({
        run: (s) => ({ ...s, rulesOnlyReason: 'GATE_REFUSED', assignment: rulesAssignment(s, 'GATE_REFUSED') }),
        next: 'announce',
      }),
      guard: step.policy({
        intent: TRIAGE_OUTPUT_INTENT,
        context: guardFacts,
        fold: (s, decision: PolicyDecision) => {
          if (decision.effect === 'allow') return { ...s, assignment: modelAssignment(s, options.model) };
          const reason = `GUARD_${decision.reasons[0]?.code ?? 'DENIED'}`.slice(0, 60);
          return { ...s, rulesOnlyReason: reason, assignment: rulesAssignment(s, reason) };
        },
        retry: POLICY_RETRY,
        next: { allow: 'announce', deny: 'announce', review: 'announce' },
      }),
      announce: step.emit({
        event: TriageAssigned,
        payload: (s) => s.assignment as NonNullable<TriageState['assignment']>,
        maxVisits: MAX_CLINICIAN_ACTIONS + 1,
        next: 'awaitClinician',
      }),
      awaitClinician: step.signal({
        signal: [TRIAGE_OVERRIDE_SIGNAL, TRIAGE_DISPOSITION_SIGNAL],
        payload: z.union([ClinicianOverride, ClinicianDisposition]),
        fold: foldClinician,
        maxVisits: MAX_CLINICIAN_ACTIONS + 1,
        next: { received: 'closedYet' },
      }),
      closedYet: step.compute({
        run: (s) => s,
        maxVisits: MAX_CLINICIAN_ACTIONS + 1,
        next: { when: [{ if: (s) => s.disposition === null, to: 'announce' }], otherwise: 'done' },
      }),
      done: step.end({ outcome: 'completed' }),
    },
  });
}
