import type { GuidelineSnippet } from '../guideline-snippet';

export const CARDIAC_NEURO_GUIDELINES: readonly GuidelineSnippet[] = [
  {
    id: 'gl-acs',
    title: 'Chest pain: suspected acute coronary syndrome',
    triggers: [
      'chest pain',
      'chest pressure',
      'heart attack',
      'chest pain with shortness of breath',
      'dolor de pecho',
      'infarto',
    ],
    text: 'ECG within 10 minutes of arrival and read by a physician. Cardiac monitor, IV access, troponin. Aspirin unless allergic or bleeding. Treat as ESI 2 while ACS is possible: pain radiating to arm or jaw, sweating, risk factors.',
  },
  {
    id: 'gl-stemi',
    title: 'ST-elevation on the triage ECG',
    triggers: ['st elevation', 'stemi', 'chest pain with ecg changes'],
    text: 'Activate the catheterisation team at once and record the time. Door-to-balloon target 90 minutes. Keep the patient monitored with defibrillator pads available; do not send to the waiting room.',
  },
  {
    id: 'gl-aortic',
    title: 'Tearing chest or back pain: aortic dissection',
    triggers: ['tearing pain', 'back pain radiating', 'aortic dissection'],
    text: 'Sudden tearing pain to the back, pulse or pressure difference between arms. Two large-bore IV lines, blood pressure in both arms, urgent CT angiography. High risk: ESI 2 at least.',
  },
  {
    id: 'gl-stroke',
    title: 'Stroke signs: facial droop, arm weakness, speech',
    triggers: ['facial droop', 'slurred speech', 'weakness on one side', 'stroke', 'cara caida', 'habla arrastrada'],
    text: 'Record last known well. Check glucose at the bedside. Activate the stroke team when onset is within 24 hours; CT head without delay. Nothing by mouth until the swallow is screened. ESI 2.',
  },
  {
    id: 'gl-syncope',
    title: 'Syncope in adults',
    triggers: ['fainted', 'passed out', 'syncope', 'desmayo'],
    text: 'ECG at triage for every syncope. Orthostatic vitals, glucose, pregnancy test in women of childbearing age. Exertional syncope, chest pain, palpitations or family history of sudden death are high risk.',
  },
  {
    id: 'gl-palpitations',
    title: 'Palpitations and fast heart rhythms',
    triggers: ['palpitations', 'heart racing', 'palpitaciones'],
    text: 'Twelve-lead ECG during symptoms if possible. A regular narrow-complex rate above 150 suggests SVT: vagal manoeuvres, then adenosine. Any instability (hypotension, altered mental status, chest pain) needs immediate cardioversion.',
  },
  {
    id: 'gl-bradycardia',
    title: 'Slow heart rate with symptoms',
    triggers: ['slow heart rate', 'bradycardia', 'dizzy with slow pulse'],
    text: 'Heart rate under 50 with dizziness, syncope or hypotension: monitor, pacing pads, atropine, prepare transcutaneous pacing. Review medications such as beta blockers and digoxin.',
  },
  {
    id: 'gl-seizure',
    title: 'Seizure, single and resolved',
    triggers: ['seizure', 'convulsion', 'epilepsy', 'convulsiono'],
    text: 'Protect the airway, check glucose, position on the side. First seizure: labs and CT head. Known epilepsy back to baseline: check adherence and drug levels. Seizure lasting over five minutes is status epilepticus.',
  },
  {
    id: 'gl-status-epilepticus',
    title: 'Status epilepticus',
    triggers: ['still seizing', 'seizing now', 'status epilepticus', 'sigue convulsionando'],
    text: 'Continuous seizure or repeated seizures without recovery: ESI 1. Airway, oxygen, glucose, IV or IM benzodiazepine without delay, second-line antiseizure drug at 20 minutes.',
  },
  {
    id: 'gl-headache-red-flags',
    title: 'Headache: red flags',
    triggers: ['worst headache', 'thunderclap', 'sudden severe headache', 'peor dolor de cabeza'],
    text: 'Sudden worst-ever headache, headache with fever and stiff neck, new neurological deficit, or headache on anticoagulants: CT head urgently, consider lumbar puncture. ESI 2.',
  },
  {
    id: 'gl-migraine',
    title: 'Migraine and benign headache',
    triggers: ['migraine', 'headache', 'dolor de cabeza', 'migrana'],
    text: 'Known migraine pattern without red flags: dark quiet room, IV fluids and antiemetic with analgesia if vomiting. Reassess pain after treatment; a change in pattern needs imaging.',
  },
  {
    id: 'gl-altered-mental-status',
    title: 'New confusion or altered mental status',
    triggers: ['confused', 'confusion', 'disoriented', 'altered mental status', 'confundido'],
    text: 'New confusion is high risk: ESI 2. Bedside glucose, oxygen saturation, temperature, look for infection, intoxication, stroke and medication effects. Ask the family for the baseline.',
  },
  {
    id: 'gl-hypoglycaemia',
    title: 'Low blood sugar',
    triggers: ['low blood sugar', 'hypoglycemia', 'diabetic unresponsive', 'azucar baja'],
    text: 'Glucose under 4 mmol/L with symptoms: oral glucose if awake and able to swallow, IV dextrose or IM glucagon if not. Recheck in 15 minutes; long-acting insulin or sulfonylureas need observation.',
  },
  {
    id: 'gl-dizziness',
    title: 'Dizziness and vertigo',
    triggers: ['dizzy', 'dizziness', 'vertigo', 'mareo'],
    text: 'Separate vertigo from presyncope. Orthostatic vitals, glucose, ECG in older adults. Vertigo with headache, ataxia, double vision or slurred speech may be a posterior stroke.',
  },
];
