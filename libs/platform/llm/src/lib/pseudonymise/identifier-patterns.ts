/** A kind of identifier and how to find it in free text. */
export interface IdentifierPattern {
  /** Upper-case token label: `EMAIL` makes `[EMAIL-1]`. */
  readonly kind: string;
  /** Must be global (`g`); each match is replaced. */
  readonly pattern: RegExp;
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const STREET =
  'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|highway|hwy|calle|avenida';

/**
 * Identifiers any free text may hold, detected by shape: e-mail addresses, phone numbers (7+
 * digits with the usual separators), US social security numbers, record numbers introduced as
 * such (`MRN 12345`, `record #A-778`), calendar dates in numeric and written forms, and street
 * addresses (a number, words, a street suffix). Clinical numbers (`BP 120/80`, `HR 130`,
 * `SpO2 88%`) have none of these shapes.
 */
export const DEFAULT_IDENTIFIER_PATTERNS: readonly IdentifierPattern[] = [
  { kind: 'EMAIL', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { kind: 'SSN', pattern: /\b\d{3}-\d{2}-\d{4}\b/g },
  {
    kind: 'MRN',
    pattern:
      /\b(?:mrn|medical record(?: number| no\.?)?|record|chart|patient id|nhs|historia)\s*(?:#|no\.?|number|:)?\s*[A-Za-z0-9-]*\d[A-Za-z0-9-]*/gi,
  },
  { kind: 'DATE', pattern: /\b\d{4}-\d{1,2}-\d{1,2}\b/g },
  { kind: 'DATE', pattern: /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g },
  {
    kind: 'DATE',
    pattern: new RegExp(
      `\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\s+(?:de\\s+)?(?:${MONTHS})\\.?,?(?:\\s+(?:de\\s+)?\\d{4})?|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})\\b`,
      'gi',
    ),
  },
  {
    kind: 'PHONE',
    pattern: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}(?:[\s.-]\d{2,4})+\b|\b\d{10,11}\b/g,
  },
  {
    kind: 'ADDRESS',
    pattern: new RegExp(
      `\\b\\d{1,6}\\s+(?:[A-Z][A-Za-z'-]*\\s+){1,4}(?:${STREET})\\b\\.?|\\b(?:calle|avenida)\\s+(?:[A-Z][A-Za-z'-]*\\s*){1,4}\\d{1,6}`,
      'gi',
    ),
  },
];
