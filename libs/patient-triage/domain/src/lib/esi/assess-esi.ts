import type { EsiAssessment, EsiLevel, TriageInput, TriageReason } from '@baton/patient-triage-contracts';
import { extractFindings, summariseFindings, type Findings } from '../findings/extract-findings';
import { FINDING_CODES, RISK_FACTORS } from '../findings/finding-codes';
import { looksLikeInstructions } from '../findings/instruction-like';
import { highRisk, lifeSaving, SEVERE_PAIN_AT, type PointResult } from './decision-points';
import { expectedResources } from './expected-resources';
import { PAEDIATRIC_FEVER_TABLE } from './paediatric-fever-table';
import { countResources } from './resource-table';
import { discountedFindingReasons, missingVitalReasons, reason } from './triage-reasons';
import { dangerZoneAlarms } from './vital-checks';

// Where the handbook says "consider" or the rule cannot know the patient's baseline, the floor
// takes the more urgent level and a nurse confirms it.
const NURSE_CONFIRMS = [
  'D.danger-zone.',
  'D.hypotension-for-age',
  'D.fever.29-to-89-days',
  'D.fever.3-to-36-months',
  'B.new-confusion',
];
const nurseConfirms = (rule: string) => NURSE_CONFIRMS.some((prefix) => rule.startsWith(prefix));

/** Decision point D needs these; without them a level 3 cannot rule the danger zone out. */
const DANGER_ZONE_FIELDS = ['heartRate', 'respiratoryRate', 'spo2'] as const;

/**
 * The Emergency Severity Index by the AHRQ v4 handbook's algorithm, as a floor the model may
 * raise but never lower: A (life-saving intervention) -> 1; B (high risk, new confusion, severe
 * pain) -> 2; C counts the expected resources (none 5, one 4, two or more go to D); D
 * (danger-zone vitals, hypotension for age, the paediatric fever rules) -> 2 (or 3 for fever at
 * 3-36 months). Two readings of our own, both toward safety and both in the reasons: danger-zone
 * vitals reach D whatever the resource count (they need working up), and a text with no
 * recognised complaint counts as "many resources" and asks for a nurse.
 *
 * Pure: no clock, no I/O; the same input always gives the same assessment.
 *
 * @example
 * const assessment = assessEsi(triageInputOf(encounter));
 * assessment.level; // 2
 * assessment.rule; // 'B.high-risk.chest-pain'
 */
export function assessEsi(input: TriageInput): EsiAssessment {
  const text = `${input.complaint.chiefComplaint}\n${input.complaint.history}`;
  const findings = extractFindings(text);
  const measuredFever = input.vitals.temperatureC !== null && input.vitals.temperatureC >= 38;
  const resources = expectedResources(findings);
  const resourceCount = countResources(resources.map((resource) => resource.kind));
  const context: TriageReason[] = [...missingVitalReasons(input), ...discountedFindingReasons(findings)];
  if (!findings.understood)
    context.push(
      reason('TEXT_NOT_UNDERSTOOD', 'complaint', 'no known complaint recognised: the level rests on vital signs'),
    );
  else if (findings.unreadClauses > 0)
    context.push(
      reason(
        'TEXT_PARTLY_UNDERSTOOD',
        'complaint',
        `${findings.unreadClauses} clause(s) of the text held no known finding and were not read`,
      ),
    );
  if (looksLikeInstructions(text))
    context.push(
      reason('INSTRUCTION_IGNORED', 'complaint', 'the text carries instructions to a system; rules ignore them'),
    );
  const decided =
    lifeSaving(input, findings) ??
    highRisk(input, findings, measuredFever) ??
    resourcesAndVitals(input, findings, resourceCount);
  const missingDanger = DANGER_ZONE_FIELDS.some((field) => input.vitals[field] === null);
  const feverUnchecked = input.age.years < 3 && input.vitals.temperatureC === null;
  const reviewByVitals = decided.level >= 3 && (missingDanger || feverUnchecked);
  const reasons = [...decided.reasons, ...context];
  if (reviewByVitals)
    reasons.push(
      reason('DANGER_ZONE_UNCHECKED', null, 'a vital decision point D needs was not taken: a nurse must check it'),
    );
  if (decided.level > 2 && input.pain !== null && input.pain >= SEVERE_PAIN_AT)
    reasons.push(
      reason(
        'SEVERE_PAIN_MINOR_COMPLAINT',
        'pain',
        `pain ${input.pain}/10 with a minor complaint: not ESI 2 by itself`,
      ),
    );
  return {
    level: decided.level,
    decisionPoint: decided.decisionPoint,
    rule: decided.rule,
    resources,
    resourceCount,
    findings: summariseFindings(findings),
    reasons,
    needsNurseReview: !findings.understood || reviewByVitals || nurseConfirms(decided.rule),
  };
}

function resourcesAndVitals(input: TriageInput, findings: Findings, resourceCount: number): PointResult {
  const fever = PAEDIATRIC_FEVER_TABLE.find(
    (row) => row.applies(input.age) && input.vitals.temperatureC !== null && row.triggers(input.vitals.temperatureC),
  );
  const feverReason = fever
    ? reason(
        'PAEDIATRIC_FEVER',
        'vitals.temperatureC',
        `${fever.ages}, temperature ${fever.threshold}: at least ESI ${fever.atLeast}`,
      )
    : null;
  if (fever && feverReason && fever.atLeast === 2)
    return { level: 2, decisionPoint: 'D', rule: fever.rule, reasons: [feverReason] };
  const alarms = dangerZoneAlarms(input);
  const byResources = resourceLevel(findings, resourceCount);
  const first = alarms[0];
  if (first) {
    const reasons = alarms.map((alarm) => reason('DANGER_ZONE', alarm.field, alarm.message));
    if (byResources.level > 3)
      reasons.push(
        reason(
          'DANGER_ZONE_IMPLIES_WORKUP',
          null,
          'danger-zone vitals need working up (labs, ECG, monitoring): decision point D applies',
        ),
      );
    return { level: 2, decisionPoint: 'D', rule: first.rule, reasons: [...reasons, ...byResources.reasons] };
  }
  if (fever && feverReason && byResources.level > fever.atLeast)
    return {
      level: fever.atLeast,
      decisionPoint: 'D',
      rule: fever.rule,
      reasons: [feverReason, ...byResources.reasons],
    };
  return byResources;
}

function resourceLevel(findings: Findings, resourceCount: number): PointResult {
  if (!findings.understood) return { level: 3, decisionPoint: 'C', rule: 'C.resources-unknown', reasons: [] };
  const complaints = FINDING_CODES.filter((code) => findings.present.has(code) && !RISK_FACTORS.has(code));
  const summary = reason(
    'RESOURCES',
    null,
    `${resourceCount} resource(s) expected for ${complaints.join(', ') || 'no current complaint'}`,
  );
  if (resourceCount >= 2) return { level: 3, decisionPoint: 'D', rule: 'D.within-limits', reasons: [summary] };
  const level: EsiLevel = resourceCount === 1 ? 4 : 5;
  return { level, decisionPoint: 'C', rule: `C.resources-${resourceCount}`, reasons: [summary] };
}
