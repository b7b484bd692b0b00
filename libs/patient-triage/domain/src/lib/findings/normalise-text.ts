/** One word of a clause: as written (for abbreviations), folded (for terms), and its comma segment. */
export interface Word {
  readonly original: string;
  readonly folded: string;
  /** Counts the commas before it in its clause: a history cue reaches only within one segment. */
  readonly segment: number;
}

// Letters, digits, apostrophes (can't) and the slash of N/V and h/o.
const WORD = /[\p{L}\p{N}'’/]+/gu;

// Where a negation or history cue stops reaching: sentence ends and contrastive words.
const CLAUSE_BREAK = /[.;!?\n]|\b(?:but|however|although|though|except|pero|aunque|excepto)\b/giu;

/**
 * Lower case, no accents, straight apostrophes: "Dolor TORÁCICO" and "dolor toracico" are one
 * text to the lexicon.
 *
 * @example fold('Niega dolor torácico'); // 'niega dolor toracico'
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/’/g, "'").toLowerCase();
}

/** The words of a text, folded. */
export function foldedWords(text: string): string[] {
  return (text.match(WORD) ?? []).map(fold);
}

/**
 * Splits free text into clauses (a negation in one never reaches the next) and each clause into
 * words.
 *
 * @example clausesOf('Denies CP, but SOB').map((c) => c.map((w) => w.folded)); // [['denies','cp'], ['sob']]
 */
export function clausesOf(text: string): Word[][] {
  return text
    .split(CLAUSE_BREAK)
    .filter((clause): clause is string => typeof clause === 'string')
    .map((clause) =>
      clause
        .split(',')
        .flatMap((part, segment) =>
          (part.match(WORD) ?? []).map((original) => ({ original, folded: fold(original), segment })),
        ),
    )
    .filter((clause) => clause.length > 0);
}
