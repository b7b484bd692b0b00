import type { TriageInput, TriageReason } from '@baton/patient-triage-contracts';
import type { Findings } from '../findings/extract-findings';

/**
 * The reason codes the rules give: a closed list, so a console or a report can group by them.
 */
export const TRIAGE_REASON_CODES = [
  'LIFE_SAVING',
  'HIGH_RISK',
  'SEVERE_PAIN',
  'SEVERE_PAIN_MINOR_COMPLAINT',
  'RESOURCES',
  'DANGER_ZONE',
  'DANGER_ZONE_IMPLIES_WORKUP',
  'DANGER_ZONE_UNCHECKED',
  'PAEDIATRIC_FEVER',
  'MISSING_VITAL',
  'PAIN_NOT_RATED',
  'TEXT_NOT_UNDERSTOOD',
  'TEXT_PARTLY_UNDERSTOOD',
  'NEGATED_FINDING',
  'HISTORICAL_FINDING',
  'INSTRUCTION_IGNORED',
] as const;
export type TriageReasonCode = (typeof TRIAGE_REASON_CODES)[number];

export const reason = (code: TriageReasonCode, subject: string | null, message: string): TriageReason => ({
  code,
  subject,
  message,
});

const VITAL_NAMES: Record<string, string> = {
  heartRate: 'heart rate',
  respiratoryRate: 'respiratory rate',
  spo2: 'SpO2',
  temperatureC: 'temperature',
  systolic: 'systolic pressure',
  diastolic: 'diastolic pressure',
};

/** One reason per vital not taken (GCS and AVPU together), and for pain not rated. */
export function missingVitalReasons(input: TriageInput): TriageReason[] {
  const reasons = Object.entries(VITAL_NAMES)
    .filter(([field]) => input.vitals[field as keyof typeof input.vitals] === null)
    .map(([field, name]) =>
      reason('MISSING_VITAL', `vitals.${field}`, `${name} not taken: not read as normal, its rules could not run`),
    );
  if (input.vitals.gcs === null && input.vitals.avpu === null)
    reasons.push(reason('MISSING_VITAL', 'vitals.avpu', 'neither GCS nor AVPU recorded: mental status not assessed'));
  if (input.pain === null)
    reasons.push(reason('PAIN_NOT_RATED', 'pain', 'pain not rated: the severe-pain rule could not run'));
  return reasons;
}

/** Findings the text mentions but that do not count: negated or past. */
export function discountedFindingReasons(findings: Findings): TriageReason[] {
  return [
    ...[...findings.negated].map((code) =>
      reason('NEGATED_FINDING', `finding:${code}`, `${code} is negated in the text and not counted`),
    ),
    ...[...findings.historical].map((code) =>
      reason('HISTORICAL_FINDING', `finding:${code}`, `${code} is history, not a current complaint`),
    ),
  ];
}
