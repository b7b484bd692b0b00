import {
  ABBREVIATIONS,
  extractFindings,
  fold,
  LEXICON_EN,
  LEXICON_ES,
  type FindingCode,
} from '@baton/patient-triage-domain';

/** A finding as one index term: `chest-pain` -> `fxchestpain`, which no prose word collides with. */
export const findingTerm = (code: FindingCode) => `fx${code.replace(/-/g, '')}`;

// Words too common to rank by, in both languages.
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have i in is it my of on or the to with without was de del el en la las los me mi y o con por para un una se le su al'.split(
    ' ',
  ),
);

// One-word lexicon terms (dyspnea, disnea, anaphylaxis, sobredosis) also index their finding, so
// a snippet and a query that use different words for one finding still meet.
const SINGLE_WORD_FINDINGS = new Map<string, FindingCode>();
for (const lexicon of [LEXICON_EN, LEXICON_ES])
  for (const [code, terms] of Object.entries(lexicon) as [FindingCode, readonly string[]][])
    for (const term of terms) if (!term.includes(' ')) SINGLE_WORD_FINDINGS.set(fold(term), code);

/**
 * minisearch's term processing: capitalised abbreviations (CP, SOB) become their finding,
 * words are folded (accents, case), one-word synonyms add their finding, stop words drop.
 *
 * @example processGuidelineTerm('SOB'); // ['sob', 'fxshortnessofbreath']
 */
export function processGuidelineTerm(term: string): string[] | null {
  const abbreviation = ABBREVIATIONS[term];
  const folded = fold(term);
  if (STOP_WORDS.has(folded)) return null;
  const finding = abbreviation ?? SINGLE_WORD_FINDINGS.get(folded);
  return finding ? [folded, findingTerm(finding)] : [folded];
}

/**
 * The findings of a text as index terms, through the extractor: its synonyms in both languages,
 * abbreviations, and negation ("denies chest pain" adds nothing).
 *
 * @example findingTerms('dolor de pecho'); // 'fxchestpain'
 */
export function findingTerms(text: string): string {
  return [...extractFindings(text).present].map(findingTerm).join(' ');
}
