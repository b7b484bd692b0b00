import type { PregnancyStatus } from '@baton/patient-triage-contracts';
import type { FindingCode } from '../findings/finding-codes';
import type { HandbookNote } from './handbook-note';

/** What a combination rule can see: the findings present, pregnancy and measured fever. */
export interface CombinationFacts {
  readonly present: ReadonlySet<FindingCode>;
  readonly pregnancy: PregnancyStatus;
  /** Temperature 38.0 °C or more, measured. */
  readonly measuredFever: boolean;
}

export interface HighRiskCombination {
  readonly rule: string;
  readonly description: string;
  readonly applies: (facts: CombinationFacts) => boolean;
  readonly note: HandbookNote;
}

const fever = (facts: CombinationFacts) => facts.measuredFever || facts.present.has('fever');
const pregnant = (facts: CombinationFacts) => facts.pregnancy === 'pregnant' || facts.present.has('pregnant');
const NOT_CHECKED = 'v5 keeps the high-risk question; this example was not checked against its text';

/** Findings that are high-risk together though not apart (ESI v4 chapter 4 examples). */
export const HIGH_RISK_COMBINATIONS: readonly HighRiskCombination[] = [
  {
    rule: 'B.high-risk.possible-ectopic',
    description: 'pregnant with abdominal pain or vaginal bleeding: signs of ectopic pregnancy',
    applies: (facts) =>
      pregnant(facts) && (facts.present.has('abdominal-pain') || facts.present.has('vaginal-bleeding')),
    note: { v4: 'chapter 4: signs of ectopic pregnancy', enaV5: NOT_CHECKED, followed: 'v4' },
  },
  {
    rule: 'B.high-risk.immunocompromised-fever',
    description: 'fever in an immunocompromised patient (chemotherapy, transplant)',
    applies: (facts) => facts.present.has('immunocompromised') && fever(facts),
    note: { v4: 'chapter 4: fever in a patient on chemotherapy', enaV5: NOT_CHECKED, followed: 'v4' },
  },
  {
    rule: 'B.high-risk.anticoagulated-head-injury',
    description: 'head injury while anticoagulated',
    applies: (facts) => facts.present.has('anticoagulated') && facts.present.has('head-injury'),
    note: { v4: 'chapter 4: head injury on anticoagulants', enaV5: NOT_CHECKED, followed: 'v4' },
  },
  {
    rule: 'B.high-risk.fever-stiff-neck',
    description: 'fever with a stiff neck: possible meningitis',
    applies: (facts) => facts.present.has('neck-stiffness') && fever(facts),
    note: { v4: 'table 6-3: rule out meningitis', enaV5: NOT_CHECKED, followed: 'v4' },
  },
];
