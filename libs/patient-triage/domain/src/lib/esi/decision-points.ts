import type { DecisionPoint, EsiLevel, TriageInput, TriageReason } from '@baton/patient-triage-contracts';
import type { Findings } from '../findings/extract-findings';
import { FINDING_CODES } from '../findings/finding-codes';
import { FINDING_RULES } from './finding-rules';
import { HIGH_RISK_COMBINATIONS } from './high-risk-combinations';
import { HIGH_RISK_VITAL_RULES, LIFE_SAVING_VITAL_RULES } from './life-saving-rules';
import { reason } from './triage-reasons';

/** A decision point's answer: the level, the first rule that set it, and every rule that fired. */
export interface PointResult {
  readonly level: EsiLevel;
  readonly decisionPoint: DecisionPoint;
  readonly rule: string;
  readonly reasons: readonly TriageReason[];
}

/** Pain this high is "severe pain" at decision point B (v4 chapter 4), subject to the judgement rule. */
export const SEVERE_PAIN_AT = 7;

const findingsAt = (findings: Findings, point: 'A' | 'B') =>
  FINDING_CODES.filter((code) => findings.present.has(code) && FINDING_RULES[code].point === point);

function result(
  level: EsiLevel,
  point: DecisionPoint,
  hits: { rule: string; reason: TriageReason }[],
): PointResult | null {
  const first = hits[0];
  return first ? { level, decisionPoint: point, rule: first.rule, reasons: hits.map((hit) => hit.reason) } : null;
}

/** Decision point A: does the patient need an immediate life-saving intervention? */
export function lifeSaving(input: TriageInput, findings: Findings): PointResult | null {
  const hits = [
    ...LIFE_SAVING_VITAL_RULES.filter((rule) => rule.applies(input, findings)).map((rule) => ({
      rule: rule.rule,
      reason: reason('LIFE_SAVING', null, rule.message),
    })),
    ...findingsAt(findings, 'A').map((code) => ({
      rule: `A.finding.${code}`,
      reason: reason('LIFE_SAVING', `finding:${code}`, `${code} in the complaint needs an immediate intervention`),
    })),
  ];
  return result(1, 'A', hits);
}

/**
 * Decision point B: a high-risk situation, new confusion, or severe pain. Pain of 7 or more
 * counts unless every complaint is one the handbook's judgement rule keeps out (a stubbed toe
 * rated 8/10 is not ESI 2); with no complaint understood, the pain counts.
 */
export function highRisk(input: TriageInput, findings: Findings, measuredFever: boolean): PointResult | null {
  const facts = { present: findings.present, pregnancy: input.pregnancy, measuredFever };
  const hits = [
    ...findingsAt(findings, 'B').map((code) => ({
      rule: `B.high-risk.${code}`,
      reason: reason('HIGH_RISK', `finding:${code}`, `${code}: a high-risk situation`),
    })),
    ...HIGH_RISK_COMBINATIONS.filter((combination) => combination.applies(facts)).map((combination) => ({
      rule: combination.rule,
      reason: reason('HIGH_RISK', null, combination.description),
    })),
    ...HIGH_RISK_VITAL_RULES.filter((rule) => rule.applies(input, findings)).map((rule) => ({
      rule: rule.rule,
      reason: reason('HIGH_RISK', 'vitals.avpu', rule.message),
    })),
  ];
  if (input.pain !== null && input.pain >= SEVERE_PAIN_AT) {
    const complaints = FINDING_CODES.filter((code) => findings.present.has(code) && FINDING_RULES[code].point === 'C');
    const minorOnly = complaints.length > 0 && complaints.every((code) => FINDING_RULES[code].minorPain);
    if (!minorOnly)
      hits.push({ rule: 'B.severe-pain', reason: reason('SEVERE_PAIN', 'pain', `pain ${input.pain}/10: severe pain`) });
  }
  return result(2, 'B', hits);
}
