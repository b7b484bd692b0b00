import type { CaseRow } from '../validation-case';

/** Complaints written in Spanish, across every level: the extractor must read them as it reads English. */
export const SPANISH_CASES: readonly CaseRow[] = [
  [
    'ES-01',
    2,
    ['spanish', 'decision-b'],
    'dolor torácico opresivo con sudoración: sospecha de SCA',
    {
      age: '60y',
      complaint: 'Dolor de pecho opresivo desde hace una hora, sudoroso',
      pain: 6,
    },
  ],
  [
    'ES-02',
    2,
    ['spanish', 'decision-b'],
    'signos de ictus de inicio reciente',
    {
      age: '74y',
      complaint: 'Cara caída y habla arrastrada desde hace 30 minutos',
      pain: 0,
    },
  ],
  [
    'ES-03',
    4,
    ['spanish', 'decision-c', 'resources-1'],
    'esguince de tobillo: una radiografía',
    {
      age: '20y',
      complaint: 'Me torcí el tobillo jugando fútbol',
      pain: 5,
    },
  ],
  [
    'ES-04',
    5,
    ['spanish', 'decision-c', 'resources-0'],
    'dolor de garganta: sin recursos',
    {
      age: '25y',
      complaint: 'Dolor de garganta desde hace dos días',
      pain: 3,
    },
  ],
  [
    'ES-05',
    3,
    ['spanish', 'decision-c', 'decision-d', 'resources-2+'],
    'dolor abdominal con vómitos: laboratorio, imagen, líquidos IV',
    {
      age: '40y',
      complaint: 'Dolor abdominal y vómitos desde ayer',
      pain: 5,
    },
  ],
  [
    'ES-06',
    3,
    ['spanish', 'decision-c', 'decision-d', 'resources-2+'],
    'fiebre y tos en un adulto: radiografía y laboratorio',
    {
      age: '55y',
      complaint: 'Fiebre y tos con flema desde hace cuatro días',
      vitals: { temperatureC: 38.4 },
      pain: 2,
    },
  ],
  [
    'ES-07',
    4,
    ['spanish', 'decision-c', 'resources-1'],
    'herida que necesita sutura: un procedimiento simple',
    {
      age: '33y',
      complaint: 'Cortada en la mano con un cuchillo, ya no sangra',
      pain: 4,
    },
  ],
  [
    'ES-08',
    5,
    ['spanish', 'decision-c', 'resources-0'],
    'renovación de receta: sin recursos',
    {
      age: '62y',
      complaint: 'Necesito renovar receta de la presión',
      pain: 0,
    },
  ],
  [
    'ES-09',
    2,
    ['spanish', 'decision-b'],
    'embarazo de 8 semanas con sangrado vaginal: posible ectópico',
    {
      age: '27y',
      sex: 'female',
      complaint: 'Embarazada de 8 semanas con sangrado vaginal',
      pregnancy: 'unknown',
      pain: 4,
    },
  ],
  [
    'ES-10',
    4,
    ['spanish', 'decision-c', 'resources-1'],
    'síntomas urinarios: un análisis de orina',
    {
      age: '30y',
      sex: 'female',
      complaint: 'Ardor al orinar desde hace tres días',
      pain: 3,
    },
  ],
  [
    'ES-11',
    2,
    ['spanish', 'decision-d', 'danger-zone:over-8-years'],
    'disnea con asma, SpO2 91 y FR 24: zona de peligro',
    {
      age: '45y',
      complaint: 'Me falta el aire, tengo asma',
      vitals: { spo2: 91, respiratoryRate: 24 },
      pain: 2,
    },
  ],
  [
    'ES-12',
    3,
    ['spanish', 'decision-c', 'decision-d', 'resources-2+'],
    'síncope ya recuperado: laboratorio y ECG',
    {
      age: '58y',
      complaint: 'Se desmayó en el trabajo, ya está despierto',
      pain: 0,
    },
  ],
  [
    'ES-13',
    2,
    ['spanish', 'decision-b'],
    'golpe en la cabeza con anticoagulante',
    {
      age: '80y',
      complaint: 'Golpe en la cabeza al caerse, toma warfarina',
      pain: 3,
    },
  ],
  [
    'ES-14',
    5,
    ['spanish', 'pain-7', 'decision-c', 'resources-0'],
    'dolor de muelas 7/10: no es ESI 2 solo por el dolor',
    {
      age: '37y',
      complaint: 'Dolor de muelas muy fuerte',
      pain: 7,
    },
  ],
];
