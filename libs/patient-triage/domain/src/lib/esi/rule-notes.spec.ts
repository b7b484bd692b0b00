import { FINDING_CODES } from '../findings/finding-codes';
import { FINDING_RULES } from './finding-rules';
import { HIGH_RISK_COMBINATIONS } from './high-risk-combinations';
import { HIGH_RISK_VITAL_RULES, LIFE_SAVING_VITAL_RULES } from './life-saving-rules';
import { PAEDIATRIC_FEVER_TABLE } from './paediatric-fever-table';
import { handbookNoteFor } from './rule-notes';

// Every rule id assessEsi can return, from the same tables it reads.
const EVERY_RULE = [
  ...LIFE_SAVING_VITAL_RULES.map((rule) => rule.rule),
  ...FINDING_CODES.filter((code) => FINDING_RULES[code].point === 'A').map((code) => `A.finding.${code}`),
  ...FINDING_CODES.filter((code) => FINDING_RULES[code].point === 'B').map((code) => `B.high-risk.${code}`),
  ...HIGH_RISK_COMBINATIONS.map((combination) => combination.rule),
  ...HIGH_RISK_VITAL_RULES.map((rule) => rule.rule),
  'B.severe-pain',
  'C.resources-0',
  'C.resources-1',
  'C.resources-unknown',
  ...PAEDIATRIC_FEVER_TABLE.map((row) => row.rule),
  'D.danger-zone.heart-rate',
  'D.danger-zone.respiratory-rate',
  'D.danger-zone.spo2',
  'D.hypotension-for-age',
  'D.within-limits',
];

describe('handbook notes', () => {
  it.each(EVERY_RULE)('%s says what v4 and ENA v5 say and which it follows', (rule) => {
    const note = handbookNoteFor(rule);
    expect(note).toEqual({
      v4: expect.any(String),
      enaV5: expect.any(String),
      followed: expect.stringMatching(/^(v4|v5|local)$/),
    });
  });

  it('has no note for a rule that does not exist', () => {
    expect(handbookNoteFor('E.astrology')).toBeUndefined();
  });
});
