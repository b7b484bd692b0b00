import type { CaseRow } from '../validation-case';

/** Decision point C, two or more resources: ESI 3 when vitals are outside the danger zone. */
export const MANY_RESOURCE_CASES: readonly CaseRow[] = [
  // Two or more: ESI 3 when vitals are outside the danger zone.
  [
    'C-19',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'abdominal pain: labs, CT, IV fluids and medication',
    {
      age: '35y',
      complaint: 'Abdominal pain around the belly button since last night',
      pain: 5,
    },
  ],
  [
    'C-20',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'vomiting and diarrhoea: labs and IV fluids',
    {
      age: '48y',
      complaint: 'Vomiting and diarrhea for two days, cannot keep fluids down',
      pain: 3,
    },
  ],
  [
    'C-21',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'syncope in an adult: labs and ECG',
    {
      age: '61y',
      complaint: 'Fainted in church, back to normal now',
      pain: 0,
    },
  ],
  [
    'C-22',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'forearm deformity: X-ray, IV analgesia, reduction under sedation',
    {
      age: '12y',
      complaint: 'Fell from the monkey bars, forearm looks deformed',
      pain: 6,
    },
  ],
  [
    'C-23',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'older adult who cannot bear weight after a fall: X-ray, labs, analgesia',
    {
      age: '83y',
      complaint: 'Fall at home, hip pain, cannot bear weight',
      pain: 6,
    },
  ],
  [
    'C-24',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'vaginal bleeding, not pregnant: labs and ultrasound',
    {
      age: '46y',
      sex: 'female',
      complaint: 'Heavy vaginal bleeding for a week',
      pain: 3,
    },
  ],
  [
    'C-25',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'first seizure, back to baseline: labs and CT',
    {
      age: '38y',
      complaint: 'Had a seizure at work, first ever, now awake and talking',
      pain: 2,
    },
  ],
  [
    'C-26',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'cough and fever in an adult: chest X-ray and labs',
    {
      age: '50y',
      complaint: 'Cough with green sputum and fever for four days',
      vitals: { temperatureC: 38.3 },
      pain: 2,
    },
  ],
  [
    'C-27',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'swollen calf: labs and ultrasound for a clot',
    {
      age: '56y',
      complaint: 'Swollen calf on the right since a long flight',
      pain: 4,
    },
  ],
  [
    'C-28',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'palpitations that settled: ECG and labs',
    {
      age: '39y',
      complaint: 'Palpitations on and off today, none now',
      pain: 0,
    },
  ],
  [
    'C-29',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'dizziness in an older adult: labs and ECG',
    {
      age: '76y',
      complaint: 'Dizzy when standing up for two days',
      pain: 0,
    },
  ],
  [
    'C-30',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'migraine with vomiting: IV fluids and IV medication',
    {
      age: '32y',
      complaint: 'Migraine since yesterday with vomiting',
      pain: 6,
    },
  ],
  [
    'C-31',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'rectal bleeding, stable: labs, possibly fluids',
    {
      age: '67y',
      complaint: 'Blood in stool this morning, feels fine otherwise',
      pain: 1,
    },
  ],
  [
    'C-32',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'shortness of breath with normal vitals: X-ray, labs, nebulised medication',
    {
      age: '64y',
      complaint: 'Short of breath walking up stairs for a week',
      pain: 0,
      vitals: { respiratoryRate: 18, spo2: 95 },
    },
  ],
  [
    'C-33',
    3,
    ['decision-c', 'decision-d', 'resources-2+'],
    'flank pain, pain 5: labs, CT, IV analgesia',
    {
      age: '44y',
      complaint: 'Flank pain on the left, thinks it is a kidney stone again',
      pain: 5,
    },
  ],
];
