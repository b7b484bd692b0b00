/**
 * Every clinical finding the extractor knows. Each has a meaning for the ESI rules
 * (`esi/finding-rules.ts`) and terms in every supported language (`lexicon-en.ts`, `lexicon-es.ts`):
 * the lexicons are typed as records over this list, so a finding without Spanish terms does not
 * compile.
 */
export const FINDING_CODES = [
  // Decision point A: a life-saving intervention now.
  'cardiac-arrest',
  'apnea',
  'unresponsive',
  'intubated',
  'severe-respiratory-distress',
  'anaphylaxis',
  'active-seizure',
  'major-hemorrhage',
  // Decision point B: high-risk situations.
  'chest-pain',
  'stroke-signs',
  'suicidal-ideation',
  'homicidal-ideation',
  'new-confusion',
  'lethargy',
  'thunderclap-headache',
  'upper-gi-bleeding',
  'hemoptysis',
  'overdose',
  'sexual-assault',
  'testicular-pain',
  'high-mechanism-trauma',
  'major-burn',
  'severe-agitation',
  // Decision point C: complaints with their usual resources.
  'abdominal-pain',
  'flank-pain',
  'vomiting',
  'diarrhea',
  'rectal-bleeding',
  'shortness-of-breath',
  'asthma',
  'cough',
  'fever',
  'sore-throat',
  'ear-pain',
  'dental-pain',
  'rash',
  'hives',
  'allergic-reaction',
  'urinary-symptoms',
  'prescription-refill',
  'laceration',
  'minor-wound',
  'suture-removal',
  'limb-injury',
  'deformity',
  'hip-injury',
  'head-injury',
  'loss-of-consciousness',
  'back-pain',
  'headache',
  'migraine',
  'syncope',
  'seizure',
  'vaginal-bleeding',
  'minor-burn',
  'eye-complaint',
  'cold-symptoms',
  'tiredness',
  'generalised-weakness',
  'dizziness',
  'palpitations',
  'leg-swelling',
  'anxiety',
  'neck-stiffness',
  // Risk factors: change the meaning of other findings, never a complaint on their own.
  'pregnant',
  'immunocompromised',
  'anticoagulated',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** Findings that only qualify others: a text with nothing else was not understood as a complaint. */
export const RISK_FACTORS: ReadonlySet<FindingCode> = new Set(['pregnant', 'immunocompromised', 'anticoagulated']);
