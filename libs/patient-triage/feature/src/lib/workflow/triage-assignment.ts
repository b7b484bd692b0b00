import type { PayloadOf } from '@baton/contracts';
import { resourceKindSchema, type TriageAssigned } from '@baton/patient-triage-contracts';
import type { TriageState } from './triage-state';

export type Assignment = PayloadOf<typeof TriageAssigned>;
type Floor = NonNullable<TriageState['floor']>;

const floorOf = (s: TriageState): Floor => s.floor as Floor;

/** The rules' level as the assignment: ESI 1-2 at once, or whenever the model's answer is not used. */
export function rulesAssignment(s: TriageState, rulesOnlyReason: string | null): Assignment {
  const floor = floorOf(s);
  // Past the floor's ESI 1-2 shortcut the EHR was asked: when it did not answer, the level stands
  // on the rules and the guidelines alone, and the clinician is told.
  const ehrMissing = floor.level >= 3 && s.ehr?.available !== true;
  const flag = {
    code: 'EHR_UNAVAILABLE',
    subject: 'ehr',
    message: 'the EHR did not answer: triaged without the record',
  };
  return {
    encounterId: s.encounter.encounterId,
    esi: floor.level,
    floor: floor.level,
    decidedBy: 'rules',
    decisionPoint: floor.decisionPoint,
    resources: floor.resources.map((resource) => resource.kind),
    reasons: ehrMissing ? [...floor.reasons, flag] : floor.reasons,
    citations: [],
    rulesOnly: true,
    rulesOnlyReason,
    policyVersion: s.policyVersion,
    model: null,
  };
}

/** The model's accepted proposal as the assignment (the guard has held it to the floor and the retrieved set). */
export function modelAssignment(s: TriageState, model: { provider: string; name: string }): Assignment {
  const floor = floorOf(s);
  const proposal = s.proposal as NonNullable<TriageState['proposal']>;
  return {
    ...rulesAssignment(s, null),
    esi: proposal.esi,
    decidedBy: 'model',
    resources: [
      ...new Set([
        ...floor.resources.map((resource) => resource.kind),
        ...proposal.resources.flatMap((kind) => {
          const parsed = resourceKindSchema.safeParse(kind);
          return parsed.success ? [parsed.data] : [];
        }),
      ]),
    ],
    citations: proposal.citations,
    rulesOnly: false,
    model,
  };
}

/** A clinician's override as the assignment: their level, whatever the floor, and who decided. */
export function clinicianAssignment(s: TriageState, esi: Assignment['esi']): Assignment {
  const previous = s.assignment as Assignment;
  return { ...previous, esi, decidedBy: 'clinician' };
}

/**
 * What the output guard policy judges, computed here so the policy's conditions stay simple
 * facts: is the proposal less urgent than the floor, does it cite a guideline not retrieved,
 * does its rationale hold a token or any identifier of the registration.
 */
export function guardFacts(s: TriageState) {
  const proposal = s.proposal as NonNullable<TriageState['proposal']>;
  const retrieved = new Set((s.guidelines ?? []).map((guideline) => guideline.id));
  const registration = s.encounter.registration;
  const identifiers = [
    ...Object.values(s.pseudonyms?.tokens ?? {}),
    registration.name.given,
    registration.name.family,
    registration.mrn,
    registration.dateOfBirth,
  ];
  return {
    proposal: {
      lessUrgentThanFloor: proposal.esi > floorOf(s).level,
      citesUnretrieved: proposal.citations.some((id) => !retrieved.has(id)),
      rationaleHasPhi:
        /\[[A-Z]+-\d+\]/.test(proposal.rationale) ||
        identifiers.some((value) => value.trim().length >= 2 && mentions(proposal.rationale, value.trim())),
    },
  };
}

const mentions = (text: string, value: string) =>
  new RegExp(`(?<![A-Za-z0-9])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'i').test(text);
