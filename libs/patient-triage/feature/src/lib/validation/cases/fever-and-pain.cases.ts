import type { CaseRow } from '../validation-case';

/** The paediatric fever rules, and pain of exactly 7 (and just under). */
export const FEVER_AND_PAIN_CASES: readonly CaseRow[] = [
  // Paediatric fever.
  [
    'P-01',
    2,
    ['paediatric-fever', 'decision-d'],
    'febrile neonate (14 days, 38.2 °C): at least ESI 2',
    {
      age: '14d',
      complaint: 'Feels warm, feeding ok',
      vitals: { temperatureC: 38.2 },
      pain: null,
    },
  ],
  [
    'P-02',
    2,
    ['paediatric-fever', 'decision-d'],
    'febrile 2-month-old (60 days, 38.4 °C): consider ESI 2',
    {
      age: '60d',
      complaint: 'Fever since this morning, a little fussy',
      vitals: { temperatureC: 38.4 },
      pain: null,
    },
  ],
  [
    'P-03',
    2,
    ['paediatric-fever', 'decision-d'],
    'hypothermic infant under 90 days (36.1 °C)',
    {
      age: '35d',
      complaint: 'Cold to touch, not feeding well',
      vitals: { temperatureC: 36.1 },
      pain: null,
    },
  ],
  [
    'P-04',
    3,
    ['paediatric-fever', 'decision-d'],
    '18-month-old with 39.6 °C and a runny nose: consider ESI 3',
    {
      age: '1y',
      complaint: 'Fever and runny nose',
      vitals: { temperatureC: 39.6 },
      pain: null,
    },
  ],
  [
    'P-05',
    5,
    ['paediatric-fever', 'decision-c', 'resources-0'],
    '18-month-old with 38.6 °C and a cold: below 39, no resources',
    {
      age: '1y',
      complaint: 'Runny nose and cough, warm last night',
      vitals: { temperatureC: 38.6 },
      pain: null,
    },
  ],
  [
    'P-06',
    3,
    ['paediatric-fever', 'decision-d'],
    '2-year-old with 39.4 °C and ear pain: consider ESI 3',
    {
      age: '2y',
      complaint: 'Ear pain and fever, pulling at ear',
      vitals: { temperatureC: 39.4 },
      pain: null,
    },
  ],
  [
    'P-07',
    5,
    ['paediatric-fever', 'decision-c', 'resources-0'],
    'five-year-old with 39.5 °C and sore throat: fever rules stop at 3 years',
    {
      age: '5y',
      complaint: 'Sore throat and fever since yesterday',
      vitals: { temperatureC: 39.5, heartRate: 118 },
      pain: 4,
    },
  ],
  [
    'P-08',
    2,
    ['paediatric-fever', 'decision-d', 'spanish'],
    'bebé de 20 días con fiebre de 38,5 °C',
    {
      age: '20d',
      complaint: 'Bebé con fiebre desde la noche',
      vitals: { temperatureC: 38.5 },
      pain: null,
    },
  ],
  // Pain exactly 7, and just under.
  [
    'S-01',
    2,
    ['pain-7', 'decision-b'],
    'flank pain rated 7: severe pain, ESI 2',
    {
      age: '36y',
      complaint: 'Flank pain, came on suddenly, cannot sit still',
      pain: 7,
    },
  ],
  [
    'S-02',
    2,
    ['pain-7', 'decision-b'],
    'abdominal pain rated 7: severe pain',
    {
      age: '28y',
      complaint: 'Stomach pain since this afternoon',
      pain: 7,
    },
  ],
  [
    'S-03',
    4,
    ['pain-7', 'decision-c', 'resources-1'],
    'sprained ankle rated 7: the judgement rule keeps it at 4',
    {
      age: '25y',
      complaint: 'Sprained ankle stepping off a curb',
      pain: 7,
    },
  ],
  [
    'S-04',
    5,
    ['pain-7', 'decision-c', 'resources-0'],
    'toothache rated 7: not ESI 2 by pain alone',
    {
      age: '31y',
      complaint: 'Toothache, swollen gum',
      pain: 7,
    },
  ],
  [
    'S-05',
    3,
    ['pain-7', 'decision-c', 'decision-d', 'resources-2+'],
    'flank pain rated 6: not severe, resources make it 3',
    {
      age: '50y',
      complaint: 'Kidney stone pain on the right side',
      pain: 6,
    },
  ],
  [
    'S-06',
    2,
    ['pain-7', 'decision-b'],
    'headache rated 8 with vomiting: severe pain',
    {
      age: '40y',
      complaint: 'Migraine with vomiting, nothing helps',
      pain: 8,
    },
  ],
];
