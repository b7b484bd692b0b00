import { HYPOTENSION_NOTE } from './blood-pressure-table';
import { DANGER_ZONE_NOTE } from './danger-zone-table';
import type { HandbookNote } from './handbook-note';
import { HIGH_RISK_COMBINATIONS } from './high-risk-combinations';
import { HIGH_RISK_VITAL_RULES, LIFE_SAVING_VITAL_RULES } from './life-saving-rules';
import { PAEDIATRIC_FEVER_TABLE } from './paediatric-fever-table';
import { RESOURCE_NOTE } from './resource-table';

const LIFE_SAVING_FINDING_NOTE: HandbookNote = {
  v4: 'chapter 3: airway, breathing, emergency medication or hemodynamic intervention needed now (arrest, anaphylaxis, status seizure, major haemorrhage, severe respiratory distress)',
  enaV5: 'v5 keeps decision point A "Lifesaving Intervention Required?"; its example list was not checked here',
  followed: 'v4',
};

const HIGH_RISK_FINDING_NOTE: HandbookNote = {
  v4: 'chapter 4: high-risk situations (chest pain suspicious for ACS, stroke signs, suicidal or homicidal ideation, ...); the nurse judges "suspicious", the floor counts every mention',
  enaV5: 'v5 renames B "High-Risk Presentation?"; its example list was not checked here',
  followed: 'v4',
};

const SEVERE_PAIN_NOTE: HandbookNote = {
  v4: 'chapter 4: pain 7/10 or more may be ESI 2 if the clinical condition also warrants it (a stubbed toe at 8/10 does not)',
  enaV5: 'not checked here how v5 words the pain criterion',
  followed: 'v4',
};

const UNKNOWN_COMPLAINT_NOTE: HandbookNote = {
  v4: 'no rule: the handbook assumes the nurse understands the complaint',
  enaV5: 'no rule',
  followed: 'local',
};

const EXACT: ReadonlyMap<string, HandbookNote> = new Map<string, HandbookNote>([
  ...LIFE_SAVING_VITAL_RULES.map((rule) => [rule.rule, rule.note] as const),
  ...HIGH_RISK_VITAL_RULES.map((rule) => [rule.rule, rule.note] as const),
  ...HIGH_RISK_COMBINATIONS.map((combination) => [combination.rule, combination.note] as const),
  ...PAEDIATRIC_FEVER_TABLE.map((row) => [row.rule, row.note] as const),
  ['B.severe-pain', SEVERE_PAIN_NOTE],
  ['C.resources-0', RESOURCE_NOTE],
  ['C.resources-1', RESOURCE_NOTE],
  ['C.resources-unknown', UNKNOWN_COMPLAINT_NOTE],
  ['D.within-limits', DANGER_ZONE_NOTE],
  ['D.hypotension-for-age', HYPOTENSION_NOTE],
]);

/**
 * Where a rule id comes from in the handbooks: v4's text, how ENA v5 (2023) differs, and which
 * we follow. Every rule `assessEsi` can return has one.
 *
 * @example handbookNoteFor('D.danger-zone.spo2')?.followed; // 'v4'
 */
export function handbookNoteFor(rule: string): HandbookNote | undefined {
  const exact = EXACT.get(rule);
  if (exact) return exact;
  if (rule.startsWith('A.finding.')) return LIFE_SAVING_FINDING_NOTE;
  if (rule.startsWith('B.high-risk.')) return HIGH_RISK_FINDING_NOTE;
  if (rule.startsWith('D.danger-zone.')) return DANGER_ZONE_NOTE;
  return undefined;
}
