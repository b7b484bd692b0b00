import type { CaseRow } from '../validation-case';

/** Negated findings, and downplaying text with danger-zone vitals. */
export const NEGATION_CASES: readonly CaseRow[] = [
  // Negation: a denied finding is not a finding.
  [
    'N-01',
    5,
    ['negation', 'resources-0'],
    'cold symptoms; chest pain and shortness of breath denied',
    {
      age: '27y',
      complaint: 'Cough and runny nose, denies chest pain or SOB',
      pain: 1,
    },
  ],
  [
    'N-02',
    4,
    ['negation', 'resources-1'],
    'ankle injury without head injury or loss of consciousness: one X-ray',
    {
      age: '33y',
      complaint: 'Twisted ankle on the stairs, no LOC, did not hit head',
      pain: 5,
    },
  ],
  [
    'N-03',
    5,
    ['negation', 'resources-0'],
    'sore throat without fever or breathing trouble',
    {
      age: '22y',
      complaint: 'Sore throat. No fever, no trouble breathing',
      pain: 3,
    },
  ],
  [
    'N-04',
    5,
    ['negation', 'resources-0'],
    'refill with a cardiac history and no current chest pain',
    {
      age: '70y',
      complaint: 'Needs a prescription refill',
      history: 'History of MI in 2019, no chest pain since',
      pain: 0,
    },
  ],
  [
    'N-05',
    4,
    ['negation', 'resources-1'],
    'urinary symptoms; the stroke is past history',
    {
      age: '74y',
      complaint: 'Burning urination for two days',
      history: 'Previous stroke, walks with a cane',
      pain: 2,
    },
  ],
  [
    'N-06',
    4,
    ['negation', 'resources-1'],
    'laceration without numbness or heavy bleeding: sutures',
    {
      age: '45y',
      complaint: 'Deep cut on the finger from glass, no numbness, not bleeding heavily',
      pain: 4,
    },
  ],
  [
    'N-07',
    3,
    ['negation', 'resources-2+', 'decision-d'],
    'abdominal pain in a woman who is not pregnant, no vaginal bleeding',
    {
      age: '29y',
      sex: 'female',
      complaint: 'Abdominal pain since yesterday, no vaginal bleeding',
      pain: 5,
      pregnancy: 'not-pregnant',
    },
  ],
  [
    'N-08',
    5,
    ['negation', 'spanish', 'resources-0'],
    'tos sin dolor de pecho ni falta de aire',
    {
      age: '34y',
      complaint: 'Tiene tos, niega dolor de pecho y falta de aire',
      pain: 1,
    },
  ],
  [
    'N-09',
    2,
    ['negation', 'decision-b'],
    'fever denied, but chest pain: the negation does not reach past "but"',
    {
      age: '61y',
      complaint: 'No fever but chest pain since this morning',
      pain: 5,
    },
  ],
  [
    'N-10',
    4,
    ['negation', 'resources-1'],
    'headache without the worrying features: IV or IM analgesia at most',
    {
      age: '35y',
      complaint: 'Headache since the afternoon, no stiff neck, no fever, no vomiting',
      pain: 5,
    },
  ],
  // Downplaying text with danger-zone vitals: vitals decide.
  [
    'W-01',
    2,
    ['downplaying', 'decision-d', 'danger-zone:over-8-years'],
    '"just tired" with HR 132',
    {
      age: '44y',
      complaint: 'Just tired, probably nothing, my wife made me come',
      vitals: { heartRate: 132 },
      pain: 0,
    },
  ],
  [
    'W-02',
    2,
    ['downplaying', 'decision-d', 'danger-zone:over-8-years'],
    '"I am fine" with SpO2 89 and no distress',
    {
      age: '73y',
      complaint: "I'm fine, a bit run down",
      vitals: { spo2: 89 },
      pain: 0,
    },
  ],
  [
    'W-03',
    2,
    ['downplaying', 'decision-d', 'danger-zone:over-8-years'],
    '"a little cough" with RR 30 and SpO2 91',
    {
      age: '66y',
      complaint: "A little cough, don't want to bother anyone",
      vitals: { respiratoryRate: 30, spo2: 91 },
      pain: 0,
    },
  ],
  [
    'W-04',
    2,
    ['downplaying', 'decision-d', 'spanish', 'danger-zone:over-8-years'],
    '"solo cansado" with HR 140',
    {
      age: '52y',
      complaint: 'Estoy bien, solo un poco cansado',
      vitals: { heartRate: 140 },
      pain: 0,
    },
  ],
  [
    'W-05',
    2,
    ['downplaying', 'decision-d', 'danger-zone:3-to-8-years'],
    'parent says "just a cold", child RR 38',
    {
      age: '4y',
      complaint: 'Just a cold, nothing serious',
      vitals: { respiratoryRate: 38 },
      pain: null,
    },
  ],
  [
    'W-06',
    2,
    ['downplaying', 'decision-b'],
    'minimised chest pain in an older adult is still chest pain',
    {
      age: '63y',
      complaint: 'Only a little chest pressure, probably indigestion',
      pain: 2,
    },
  ],
];
