import type { GuidelineSnippet } from '../guideline-snippet';

export const RESPIRATORY_ABDOMINAL_GUIDELINES: readonly GuidelineSnippet[] = [
  {
    id: 'gl-asthma',
    title: 'Asthma exacerbation',
    triggers: ['asthma', 'wheezing', 'asma', 'inhaler not helping'],
    text: 'Peak flow or work of breathing, oxygen saturation. Nebulised salbutamol and ipratropium, oral or IV steroids. Silent chest, exhaustion or SpO2 under 92 are severe: senior review at once.',
  },
  {
    id: 'gl-copd',
    title: 'COPD exacerbation',
    triggers: ['copd', 'emphysema', 'epoc'],
    text: 'Target saturation 88 to 92 percent on controlled oxygen. Nebulised bronchodilators, steroids, antibiotics when sputum is purulent. Blood gas if drowsy; noninvasive ventilation for acidosis.',
  },
  {
    id: 'gl-dyspnoea',
    title: 'Shortness of breath, cause unknown',
    triggers: ['shortness of breath', 'short of breath', 'difficulty breathing', 'falta de aire'],
    text: 'Respiratory rate, saturation and ability to speak decide urgency. Chest X-ray, ECG, blood tests. Consider heart failure, pneumonia, pulmonary embolism and asthma.',
  },
  {
    id: 'gl-pneumonia',
    title: 'Pneumonia in adults',
    triggers: ['cough and fever', 'pneumonia', 'productive cough', 'tos y fiebre'],
    text: 'Chest X-ray, blood count, kidney function. Score severity with confusion, urea, respiratory rate, blood pressure and age. Low saturation or high respiratory rate: screen for sepsis.',
  },
  {
    id: 'gl-pe',
    title: 'Pulmonary embolism',
    triggers: ['pleuritic chest pain', 'calf pain and breathless', 'pulmonary embolism', 'swollen leg'],
    text: 'Sudden breathlessness, pleuritic pain, tachycardia, a swollen calf or recent immobility. Apply a clinical probability score; D-dimer when low risk, CT pulmonary angiography otherwise.',
  },
  {
    id: 'gl-anaphylaxis',
    title: 'Anaphylaxis',
    triggers: ['anaphylaxis', 'throat swelling', 'throat closing', 'se me cierra la garganta'],
    text: 'Airway, breathing or circulation involvement after an allergen: IM adrenaline 0.5 mg in adults into the thigh at once, repeat after 5 minutes if needed. Oxygen, IV fluids, observe for a biphasic reaction. ESI 1.',
  },
  {
    id: 'gl-allergic-reaction',
    title: 'Allergic reaction without airway involvement',
    triggers: ['allergic reaction', 'hives', 'rash after food', 'reaccion alergica', 'urticaria'],
    text: 'Hives or lip swelling with normal breathing and blood pressure: antihistamine, consider steroid, observe. Any throat tightness, wheeze, or hypotension makes it anaphylaxis.',
  },
  {
    id: 'gl-sepsis',
    title: 'Sepsis screening',
    triggers: ['fever', 'chills', 'infection', 'fiebre'],
    text: 'Suspected infection with two of: respiratory rate 22 or more, altered mentation, systolic pressure 100 or less. Lactate, blood cultures, antibiotics within one hour, 30 mL/kg fluid for hypotension.',
  },
  {
    id: 'gl-neutropenic-fever',
    title: 'Fever during chemotherapy',
    triggers: ['fever on chemotherapy', 'neutropenic', 'chemotherapy', 'quimioterapia'],
    text: 'Assume neutropenic sepsis: ESI 2, isolate, blood cultures and broad-spectrum IV antibiotics within one hour of arrival, before the neutrophil count returns.',
  },
  {
    id: 'gl-abdominal-pain',
    title: 'Abdominal pain in adults',
    triggers: ['abdominal pain', 'stomach pain', 'belly pain', 'dolor abdominal'],
    text: 'Pregnancy test in women of childbearing age. Labs, urinalysis, analgesia early. Older adults, peritonism, or pain out of proportion to examination suggest a surgical or vascular cause.',
  },
  {
    id: 'gl-appendicitis',
    title: 'Right lower quadrant pain',
    triggers: ['right lower abdominal pain', 'appendicitis', 'pain moved to the right'],
    text: 'Migration of pain to the right lower quadrant, anorexia, fever and guarding suggest appendicitis. Blood count, CRP, ultrasound or CT, surgical review.',
  },
  {
    id: 'gl-gi-bleed',
    title: 'Upper GI bleeding',
    triggers: ['vomiting blood', 'black stools', 'melena', 'vomito con sangre', 'heces negras'],
    text: 'Two large IV lines, blood count, crossmatch, coagulation. Calculate the Glasgow-Blatchford score. Hypotension or tachycardia: resuscitate and call for endoscopy. ESI 2 when stable.',
  },
  {
    id: 'gl-lower-gi-bleed',
    title: 'Rectal bleeding',
    triggers: ['blood in stool', 'rectal bleeding', 'sangre en las heces'],
    text: 'Estimate amount and duration, check haemoglobin and vitals. Small bright red bleeding with normal vitals can be investigated as an outpatient; heavy bleeding or anticoagulation needs admission.',
  },
  {
    id: 'gl-renal-colic',
    title: 'Renal colic',
    triggers: ['kidney stone', 'flank pain', 'calculo renal', 'dolor de rinon'],
    text: 'Urinalysis, kidney function, analgesia with NSAID or IV opioid. Fever with an obstructed kidney is an emergency. In older adults exclude an aortic aneurysm.',
  },
  {
    id: 'gl-gastroenteritis',
    title: 'Vomiting and diarrhoea',
    triggers: ['vomiting', 'diarrhea', 'vomitos', 'diarrea'],
    text: 'Assess dehydration: heart rate, capillary refill, urine output. Oral rehydration first; IV fluids and antiemetic if unable to keep fluids down. Check glucose in children.',
  },
  {
    id: 'gl-dka',
    title: 'Diabetic ketoacidosis',
    triggers: ['high blood sugar', 'diabetic vomiting', 'ketones', 'deep rapid breathing'],
    text: 'Glucose above 11 with ketones and acidosis. Fluids, fixed-rate insulin infusion, potassium replacement, hourly glucose. Look for the trigger: infection, missed insulin.',
  },
  {
    id: 'gl-urinary',
    title: 'Urinary tract infection',
    triggers: ['burning when urinating', 'dysuria', 'uti', 'ardor al orinar'],
    text: 'Urinalysis and culture. Uncomplicated cystitis in a healthy woman: oral antibiotics. Flank pain, fever or vomiting suggest pyelonephritis and need blood tests.',
  },
];
