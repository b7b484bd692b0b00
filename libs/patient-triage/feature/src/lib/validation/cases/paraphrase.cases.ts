import type { CaseRow } from '../validation-case';

/**
 * The same presentations in the words patients use rather than the textbook's, and judgement
 * calls where the handbook leaves the nurse room. Written to find where the extractor and the
 * rules fall short, so some are expected to disagree.
 */
export const PARAPHRASE_CASES: readonly CaseRow[] = [
  [
    'X-01',
    2,
    ['paraphrase', 'decision-b'],
    'heavy, tight chest in a 61-year-old: ACS until proven otherwise',
    {
      age: '61y',
      complaint: 'My chest feels heavy and tight since breakfast',
      pain: 5,
    },
  ],
  [
    'X-02',
    2,
    ['paraphrase', 'decision-b'],
    'pressure in the chest with sweating',
    {
      age: '55y',
      complaint: 'Pressure in my chest and I am sweating a lot',
      pain: 6,
    },
  ],
  [
    'X-03',
    2,
    ['paraphrase', 'decision-b'],
    'suicidal ideation in plain words',
    {
      age: '31y',
      complaint: 'Been thinking about ending it all, no reason to live',
      pain: 0,
    },
  ],
  [
    'X-04',
    2,
    ['paraphrase', 'decision-b'],
    'suicidal ideation, "better off dead"',
    {
      age: '45y',
      complaint: 'Everyone would be better off if I was dead',
      pain: 0,
    },
  ],
  [
    'X-05',
    2,
    ['paraphrase', 'decision-b'],
    'sudden one-sided numbness of face and arm: stroke signs',
    {
      age: '67y',
      complaint: 'Left side of my face and my left arm went numb an hour ago',
      pain: 0,
    },
  ],
  [
    'X-06',
    2,
    ['paraphrase', 'decision-b'],
    'intentional paracetamol ingestion',
    {
      age: '22y',
      complaint: 'Took a whole bottle of tylenol last night',
      pain: 1,
    },
  ],
  [
    'X-07',
    2,
    ['paraphrase', 'decision-b'],
    'coughing up blood with breathlessness: high risk',
    {
      age: '58y',
      complaint: 'Coughing up blood this morning and short of breath',
      pain: 2,
    },
  ],
  [
    'X-08',
    3,
    ['paraphrase', 'decision-c', 'resources-2+', 'decision-d'],
    'tummy ache with vomiting in a child: labs and fluids',
    {
      age: '6y',
      complaint: 'Tummy ache and threw up three times',
      pain: 4,
    },
  ],
  [
    'X-09',
    4,
    ['paraphrase', 'decision-c', 'resources-1'],
    'rolled ankle: one X-ray',
    {
      age: '19y',
      complaint: 'Rolled my ankle coming down the stairs',
      pain: 4,
    },
  ],
  [
    'X-10',
    5,
    ['paraphrase', 'decision-c', 'resources-0'],
    'pills ran out: a refill',
    {
      age: '64y',
      complaint: 'Out of my blood pressure pills, need more',
      pain: 0,
    },
  ],
  [
    'X-11',
    3,
    ['paraphrase', 'decision-d', 'resources-2+'],
    'panic attack with HR 104: the nurse may keep ESI 3 when anxiety explains it (labs and ECG to exclude a cause)',
    {
      age: '27y',
      complaint: 'Panic attack, heart racing, feel like I cannot calm down',
      vitals: { heartRate: 104 },
      pain: 2,
    },
  ],
  [
    'X-12',
    3,
    ['paraphrase', 'decision-c', 'resources-2+'],
    'dementia patient at baseline (GCS 14 is her usual): no new confusion; a fall with hip pain is ESI 3',
    {
      age: '88y',
      complaint: 'Fell, hip pain, daughter says she is at her usual baseline',
      vitals: { gcs: 14 },
      pain: 4,
    },
  ],
];
