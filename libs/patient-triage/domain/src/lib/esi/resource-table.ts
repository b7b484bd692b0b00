import type { ResourceKind } from '@baton/patient-triage-contracts';
import type { HandbookNote } from './handbook-note';

export interface ResourceRow {
  readonly kind: ResourceKind;
  readonly examples: string;
  /** How many resources it counts for at decision point C. */
  readonly counts: 1 | 2;
}

/** What counts as a resource (ESI v4 chapter 5, table of resources). Count kinds, not tests. */
export const RESOURCE_TABLE: readonly ResourceRow[] = [
  { kind: 'labs', examples: 'blood and urine tests (a CBC and electrolytes are one resource)', counts: 1 },
  { kind: 'ecg', examples: 'electrocardiogram', counts: 1 },
  { kind: 'x-ray', examples: 'plain radiographs', counts: 1 },
  { kind: 'advanced-imaging', examples: 'CT, MRI, ultrasound, angiography', counts: 1 },
  { kind: 'iv-fluids', examples: 'intravenous hydration', counts: 1 },
  { kind: 'parenteral-medication', examples: 'IV, IM or nebulised medication', counts: 1 },
  { kind: 'specialty-consultation', examples: 'a specialist called to the ED', counts: 1 },
  { kind: 'simple-procedure', examples: 'laceration repair, urinary catheter', counts: 1 },
  { kind: 'complex-procedure', examples: 'procedural sedation, fracture reduction under sedation', counts: 2 },
];

/** What does not count (same table): care every patient gets, or that takes no ED resource. */
export const NOT_RESOURCES: readonly string[] = [
  'history and physical examination (pelvic included)',
  'point-of-care testing',
  'saline or heparin lock',
  'oral medication',
  'tetanus immunisation',
  'prescription refill',
  'phone call to the primary care physician',
  'simple wound care (dressings, recheck)',
  'crutches, splints, slings',
];

export const RESOURCE_NOTE: HandbookNote = {
  v4: 'chapter 5: none -> ESI 5, one -> ESI 4, two or more -> decision point D; ECG and X-ray share a row but are different kinds',
  enaV5: 'v5 keeps decision point C "How Many Resources?"; its table was not checked here',
  followed: 'v4',
};

/**
 * Resources counted the handbook's way: each kind once, a complex procedure twice.
 *
 * @example countResources(['labs', 'advanced-imaging', 'labs']); // 2
 */
export function countResources(kinds: Iterable<ResourceKind>): number {
  const distinct = new Set(kinds);
  return RESOURCE_TABLE.filter((row) => distinct.has(row.kind)).reduce((sum, row) => sum + row.counts, 0);
}
