import type { FindingSummary } from '@baton/patient-triage-contracts';
import { ABBREVIATIONS } from './abbreviations';
import { CUE_REACH, HISTORY_CUES, NEGATION_CUES, type Cue } from './context-cues';
import { FINDING_CODES, RISK_FACTORS, type FindingCode } from './finding-codes';
import { LEXICON_EN } from './lexicon-en';
import { LEXICON_ES } from './lexicon-es';
import { clausesOf, foldedWords, type Word } from './normalise-text';

/** The findings of a text, as sets the ESI rules read. */
export interface Findings {
  readonly present: ReadonlySet<FindingCode>;
  readonly negated: ReadonlySet<FindingCode>;
  readonly historical: ReadonlySet<FindingCode>;
  readonly languages: readonly string[];
  /** At least one complaint (not only a risk factor) was recognised, present or negated. */
  readonly understood: boolean;
  /** Clauses of two words or more in which nothing was recognised: text the rules did not read. */
  readonly unreadClauses: number;
}

interface Term {
  readonly code: FindingCode;
  readonly language: string;
  readonly words: readonly string[];
}

const LEXICONS = { en: LEXICON_EN, es: LEXICON_ES } as const;

// Longest terms first, so "worst headache of my life" is read before "headache".
const TERMS: readonly Term[] = Object.entries(LEXICONS)
  .flatMap(([language, lexicon]) =>
    FINDING_CODES.flatMap((code) => lexicon[code].map((term) => ({ code, language, words: foldedWords(term) }))),
  )
  .sort((a, b) => b.words.length - a.words.length);

// A plural or a verb's -s: "seizures", "vomitos"; only for words long enough not to collide.
const sameWord = (word: string, term: string) =>
  word === term || (term.length >= 4 && (word === `${term}s` || word === `${term}es`));

function matchesAt(clause: readonly Word[], at: number, words: readonly string[]): boolean {
  return words.every((word, offset) => {
    const candidate = clause[at + offset];
    return candidate !== undefined && sameWord(candidate.folded, word);
  });
}

function cueBefore(
  clause: readonly Word[],
  at: number,
  cues: readonly Cue[],
  sameSegment: boolean,
  isTaken: (index: number) => boolean,
): boolean {
  const from = Math.max(0, at - CUE_REACH);
  const segment = clause[at]?.segment;
  for (let start = from; start < at; start++) {
    // "not" in "not feeling well" belongs to that finding; it negates nothing after it.
    if (isTaken(start)) continue;
    for (const cue of cues) {
      if (start + cue.length > at || !matchesAt(clause, start, cue)) continue;
      if (!sameSegment || clause[start]?.segment === segment) return true;
    }
  }
  return false;
}

// Text in capitals throughout ("CHEST PAIN SI NO") makes every word look like an abbreviation.
const shouting = (clause: readonly Word[]) => clause.every((word) => word.original === word.original.toUpperCase());

/**
 * Finds clinical findings in free text, deterministically: a lexicon of terms and synonyms in
 * English and Spanish (accents and case ignored), capitalised abbreviations (CP, SOB, SI, LOC),
 * and NegEx-style negation and history cues. A finding is present if any mention of it is
 * neither negated nor historical. Nothing is guessed: a text with no known complaint is reported
 * as not understood, and the rules then rest on vital signs and ask a nurse to look.
 *
 * @example
 * const found = extractFindings('Denies CP. Now SOB since this morning');
 * found.present.has('shortness-of-breath'); // true
 * found.negated.has('chest-pain'); // true
 */
export function extractFindings(text: string): Findings {
  const mentions = new Map<FindingCode, { current: boolean; negated: boolean }>();
  const languages = new Set<string>();
  const taken = new Set<string>();
  let clauseIndex = 0;
  let unreadClauses = 0;
  const isTaken = (index: number) => taken.has(`${clauseIndex}:${index}`);
  const mention = (code: FindingCode, clause: Word[], at: number, length: number) => {
    const negated = cueBefore(clause, at, NEGATION_CUES, false, isTaken);
    const historical = !negated && !RISK_FACTORS.has(code) && cueBefore(clause, at, HISTORY_CUES, true, isTaken);
    const seen = mentions.get(code) ?? { current: false, negated: false };
    mentions.set(code, { current: seen.current || (!negated && !historical), negated: seen.negated || negated });
    // Consumed words cannot start a shorter term: "chest pain" is not also "pain".
    for (let i = at; i < at + length; i++) taken.add(`${clauseIndex}:${i}`);
  };
  for (const clause of clausesOf(text)) {
    for (const term of TERMS) {
      for (let at = 0; at + term.words.length <= clause.length; at++) {
        if (isTaken(at) || !matchesAt(clause, at, term.words)) continue;
        languages.add(term.language);
        mention(term.code, clause, at, term.words.length);
      }
    }
    if (!shouting(clause)) {
      clause.forEach((word, at) => {
        const code = ABBREVIATIONS[word.original];
        if (code && !isTaken(at)) mention(code, clause, at, 1);
      });
    }
    const read = clause.some((_, at) => isTaken(at));
    if (!read && clause.length >= 2) unreadClauses++;
    clauseIndex++;
  }
  return { ...summarise(mentions, languages), unreadClauses };
}

function summarise(
  mentions: ReadonlyMap<FindingCode, { current: boolean; negated: boolean }>,
  languages: ReadonlySet<string>,
): Omit<Findings, 'unreadClauses'> {
  const present = new Set<FindingCode>();
  const negated = new Set<FindingCode>();
  const historical = new Set<FindingCode>();
  for (const code of FINDING_CODES) {
    const seen = mentions.get(code);
    if (!seen) continue;
    if (seen.current) present.add(code);
    else if (seen.negated) negated.add(code);
    else historical.add(code);
  }
  const understood = [...present, ...negated, ...historical].some((code) => !RISK_FACTORS.has(code));
  return { present, negated, historical, languages: [...languages].sort(), understood };
}

/** The findings as the assessment's JSON summary, in catalogue order. */
export function summariseFindings(findings: Findings): FindingSummary {
  return {
    present: [...findings.present],
    negated: [...findings.negated],
    historical: [...findings.historical],
    languages: [...findings.languages],
    understood: findings.understood,
  };
}
