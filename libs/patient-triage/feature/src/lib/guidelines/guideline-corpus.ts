import { CARDIAC_NEURO_GUIDELINES } from './corpus/cardiac-neuro';
import { RESPIRATORY_ABDOMINAL_GUIDELINES } from './corpus/respiratory-abdominal';
import { TRAUMA_PSYCH_PAEDIATRIC_GUIDELINES } from './corpus/trauma-psych-paediatric';
import type { GuidelineSnippet } from './guideline-snippet';

/** Every protocol snippet, sorted by id. */
export const GUIDELINE_CORPUS: readonly GuidelineSnippet[] = [
  ...CARDIAC_NEURO_GUIDELINES,
  ...RESPIRATORY_ABDOMINAL_GUIDELINES,
  ...TRAUMA_PSYCH_PAEDIATRIC_GUIDELINES,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
