import type { ResourceKind } from '@baton/patient-triage-contracts';
import type { FindingCode } from '../findings/finding-codes';

/** What a finding means to the ESI algorithm. */
export interface FindingRule {
  /** A: needs a life-saving intervention now; B: high-risk; C: counts its resources. */
  readonly point: 'A' | 'B' | 'C' | 'risk-factor';
  /** The resources the complaint usually takes, when it reaches decision point C. */
  readonly resources: readonly ResourceKind[];
  /**
   * Pain of 7 or more with this complaint alone is not "severe pain" in the handbook's sense (its
   * example: a stubbed toe rated 8/10 is not ESI 2).
   */
  readonly minorPain?: true;
}

const A: FindingRule = { point: 'A', resources: [] };
const B: FindingRule = { point: 'B', resources: [] };
const risk: FindingRule = { point: 'risk-factor', resources: [] };
const C = (resources: readonly ResourceKind[], minorPain?: true): FindingRule =>
  minorPain ? { point: 'C', resources, minorPain } : { point: 'C', resources };

/** Every finding's rule (ESI v4 chapters 3-5 and their examples). */
export const FINDING_RULES: Readonly<Record<FindingCode, FindingRule>> = {
  'cardiac-arrest': A,
  apnea: A,
  unresponsive: A,
  intubated: A,
  'severe-respiratory-distress': A,
  anaphylaxis: A,
  'active-seizure': A,
  'major-hemorrhage': A,
  'chest-pain': B,
  'stroke-signs': B,
  'suicidal-ideation': B,
  'homicidal-ideation': B,
  'new-confusion': B,
  lethargy: B,
  'thunderclap-headache': B,
  'upper-gi-bleeding': B,
  hemoptysis: B,
  overdose: B,
  'sexual-assault': B,
  'testicular-pain': B,
  'high-mechanism-trauma': B,
  'major-burn': B,
  'severe-agitation': B,
  'abdominal-pain': C(['labs', 'advanced-imaging', 'iv-fluids', 'parenteral-medication']),
  'flank-pain': C(['labs', 'advanced-imaging', 'parenteral-medication']),
  vomiting: C(['labs', 'iv-fluids', 'parenteral-medication']),
  diarrhea: C(['labs']),
  'rectal-bleeding': C(['labs', 'iv-fluids']),
  'shortness-of-breath': C(['labs', 'x-ray', 'parenteral-medication']),
  asthma: C(['parenteral-medication']),
  cough: C([]),
  fever: C(['labs']),
  'sore-throat': C([], true),
  'ear-pain': C([], true),
  'dental-pain': C([], true),
  rash: C([]),
  hives: C([]),
  'allergic-reaction': C(['parenteral-medication']),
  'urinary-symptoms': C(['labs']),
  'prescription-refill': C([]),
  laceration: C(['simple-procedure'], true),
  'minor-wound': C([], true),
  'suture-removal': C([]),
  'limb-injury': C(['x-ray'], true),
  deformity: C(['x-ray', 'parenteral-medication', 'complex-procedure']),
  'hip-injury': C(['x-ray', 'labs', 'parenteral-medication']),
  'head-injury': C(['advanced-imaging']),
  'loss-of-consciousness': C(['labs', 'ecg']),
  'back-pain': C([], true),
  headache: C(['parenteral-medication']),
  migraine: C(['iv-fluids', 'parenteral-medication']),
  syncope: C(['labs', 'ecg']),
  seizure: C(['labs', 'advanced-imaging']),
  'vaginal-bleeding': C(['labs', 'advanced-imaging']),
  'minor-burn': C([], true),
  'eye-complaint': C([], true),
  'cold-symptoms': C([]),
  tiredness: C([]),
  'generalised-weakness': C(['labs', 'ecg']),
  dizziness: C(['labs', 'ecg']),
  palpitations: C(['labs', 'ecg']),
  'leg-swelling': C(['labs', 'advanced-imaging']),
  anxiety: C([]),
  'neck-stiffness': C([], true),
  pregnant: risk,
  immunocompromised: risk,
  anticoagulated: risk,
};
