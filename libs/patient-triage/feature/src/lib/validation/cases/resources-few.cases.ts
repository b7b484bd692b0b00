import type { CaseRow } from '../validation-case';

/** Decision point C, none or one resource: ESI 5 and 4. */
export const FEW_RESOURCE_CASES: readonly CaseRow[] = [
  // None: ESI 5.
  [
    'C-01',
    5,
    ['decision-c', 'resources-0'],
    'sore throat: exam and a point-of-care strep test, neither a resource',
    {
      age: '23y',
      complaint: 'Sore throat for three days',
      pain: 4,
    },
  ],
  [
    'C-02',
    5,
    ['decision-c', 'resources-0'],
    'prescription refill is not a resource',
    {
      age: '57y',
      complaint: 'Prescription refill for blood pressure pills, ran out yesterday',
      pain: 0,
    },
  ],
  [
    'C-03',
    5,
    ['decision-c', 'resources-0'],
    'rash: exam and oral medication',
    {
      age: '31y',
      complaint: 'Itchy rash on both arms since the weekend',
      pain: 1,
    },
  ],
  [
    'C-04',
    5,
    ['decision-c', 'resources-0'],
    'cold symptoms: exam only',
    {
      age: '26y',
      complaint: 'Runny nose and congestion for five days',
      pain: 1,
    },
  ],
  [
    'C-05',
    5,
    ['decision-c', 'resources-0'],
    'suture removal: simple wound care',
    {
      age: '44y',
      complaint: 'Here for suture removal from the knee',
      pain: 0,
    },
  ],
  [
    'C-06',
    5,
    ['decision-c', 'resources-0'],
    'ear pain in an adult: exam and oral medication',
    {
      age: '35y',
      complaint: 'Ear pain since swimming on Sunday',
      pain: 5,
    },
  ],
  [
    'C-07',
    5,
    ['decision-c', 'resources-0'],
    'red itchy eye: exam, drops',
    {
      age: '28y',
      complaint: 'Red eye with discharge, itchy',
      pain: 2,
    },
  ],
  [
    'C-08',
    5,
    ['decision-c', 'resources-0'],
    'small scald: simple wound care',
    {
      age: '40y',
      complaint: 'Small burn on the back of the hand from a pan',
      pain: 4,
    },
  ],
  [
    'C-09',
    5,
    ['decision-c', 'resources-0'],
    'dental pain: oral analgesia, referral',
    {
      age: '33y',
      complaint: 'Toothache for a week',
      pain: 6,
    },
  ],
  [
    'C-10',
    5,
    ['decision-c', 'resources-0'],
    'abrasion from a bicycle fall: wound care',
    {
      age: '16y',
      complaint: 'Scrape on the elbow after falling off his bike',
      pain: 3,
    },
  ],
  [
    'C-11',
    5,
    ['decision-c', 'resources-0'],
    'chronic back pain, no red flags: oral medication',
    {
      age: '47y',
      complaint: 'Lower back pain again, same as usual',
      pain: 5,
    },
  ],
  // One: ESI 4.
  [
    'C-12',
    4,
    ['decision-c', 'resources-1'],
    'ankle injury: one X-ray; the splint and crutches are not resources',
    {
      age: '21y',
      complaint: 'Twisted ankle playing football, swollen',
      pain: 5,
    },
  ],
  [
    'C-13',
    4,
    ['decision-c', 'resources-1'],
    'laceration needing sutures: one simple procedure',
    {
      age: '37y',
      complaint: 'Laceration on the thumb from a kitchen knife, bleeding controlled',
      pain: 4,
    },
  ],
  [
    'C-14',
    4,
    ['decision-c', 'resources-1'],
    'urinary symptoms in a healthy woman: urinalysis and culture, one resource (labs)',
    {
      age: '24y',
      sex: 'female',
      complaint: 'Burning when urinating and going often',
      pain: 3,
    },
  ],
  [
    'C-15',
    4,
    ['decision-c', 'resources-1'],
    'wrist injury after a fall on an outstretched hand: one X-ray',
    {
      age: '52y',
      complaint: 'Fell on my wrist on the ice, painful to move',
      pain: 6,
    },
  ],
  [
    'C-16',
    4,
    ['decision-c', 'resources-1'],
    'minor head injury without red flags: CT at most',
    {
      age: '30y',
      complaint: 'Hit my head on a cabinet door, no vomiting',
      pain: 3,
    },
  ],
  [
    'C-17',
    4,
    ['decision-c', 'resources-1'],
    'mild asthma: nebulised treatment, one resource',
    {
      age: '19y',
      complaint: 'Asthma flare, inhaler not helping much',
      pain: 1,
      vitals: { respiratoryRate: 20, spo2: 96 },
    },
  ],
  [
    'C-18',
    4,
    ['decision-c', 'resources-1'],
    'allergic reaction with lip swelling, airway clear: IM or IV antihistamine',
    {
      age: '29y',
      complaint: 'Allergic reaction to a new lotion, lips a little swollen, breathing fine',
      pain: 1,
    },
  ],
];
