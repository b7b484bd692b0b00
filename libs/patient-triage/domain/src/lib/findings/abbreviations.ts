import type { FindingCode } from './finding-codes';

/**
 * Clinical abbreviations, matched only as whole words in capitals: lowercase "sob" is a sob and
 * Spanish "si" (yes) is no suicidal ideation.
 */
export const ABBREVIATIONS: Readonly<Record<string, FindingCode>> = {
  CP: 'chest-pain',
  SOB: 'shortness-of-breath',
  DIB: 'shortness-of-breath',
  SI: 'suicidal-ideation',
  HI: 'homicidal-ideation',
  LOC: 'loss-of-consciousness',
  AMS: 'new-confusion',
  ABD: 'abdominal-pain',
  'N/V': 'vomiting',
  HA: 'headache',
  OD: 'overdose',
  GSW: 'high-mechanism-trauma',
  UTI: 'urinary-symptoms',
  URI: 'cold-symptoms',
  CVA: 'stroke-signs',
  MI: 'chest-pain',
};
