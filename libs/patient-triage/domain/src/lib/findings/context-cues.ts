import { foldedWords } from './normalise-text';

/**
 * NegEx-style cues (Chapman et al., 2001): a cue up to {@link CUE_REACH} words before a finding,
 * in the same clause, makes it negated ("denies chest pain", "niega dolor de pecho") or historical
 * ("history of MI"). A comma also ends a history cue's reach, so "history of asthma, now chest
 * pain" keeps the chest pain current; negation runs on through lists ("denies CP, SOB, fever").
 */
export const CUE_REACH = 5;

const NEGATION_EN = ['no', 'not', 'denies', 'denied', 'deny', 'denying', 'without', 'never', 'negative for', 'nor'];
const NEGATION_ES = ['no', 'niega', 'nego', 'sin', 'nunca', 'ni', 'tampoco', 'negativo para'];
// Not 'past' or 'old': "past two hours" and "74-year-old" are not history.
const HISTORY_EN = ['history of', 'hx of', 'h/o', 'prior', 'previous'];
const HISTORY_ES = ['antecedentes de', 'antecedente de', 'historia de', 'previo', 'previa', 'anterior'];

/** A cue as the folded words it is made of. */
export type Cue = readonly string[];

export const NEGATION_CUES: readonly Cue[] = [...new Set([...NEGATION_EN, ...NEGATION_ES])].map(foldedWords);
export const HISTORY_CUES: readonly Cue[] = [...HISTORY_EN, ...HISTORY_ES].map(foldedWords);
