import { DEFAULT_IDENTIFIER_PATTERNS, type IdentifierPattern } from './identifier-patterns';

/** An identifier the text's subject is known by (from its registration), and its kind. */
export interface KnownIdentifier {
  readonly kind: string;
  readonly value: string;
}

/** Finds more identifiers in a text (a maintained detector, for instance); returns the substrings. */
export type IdentifierDetector = (text: string) => readonly { readonly kind: string; readonly value: string }[];

export interface PseudonymiserOptions {
  /** The subject's own identifiers: replaced wherever they occur, case-insensitive, first. */
  readonly known?: readonly KnownIdentifier[];
  /** Shapes to find; default {@link DEFAULT_IDENTIFIER_PATTERNS}. */
  readonly patterns?: readonly IdentifierPattern[];
  /** More detectors, run after the known identifiers and the patterns. */
  readonly detectors?: readonly IdentifierDetector[];
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TOKEN = /^\[[A-Z]+-\d+\]$/;

/**
 * Replaces identifiers in free text by tokens (`[NAME-1]`, `[EMAIL-1]`) that are stable for one
 * subject's texts: one instance per record (an encounter), the same value always the same token
 * in every field. `tokens` maps each token back to what it replaced; keep it where only a role
 * allowed to see the identifiers can read it (sealed with the subject's key). Known identifiers
 * go first and longest first, so "Ana Lopez" becomes one token before "Ana" could.
 *
 * @example
 * const p = new Pseudonymiser({ known: [{ kind: 'NAME', value: 'Ana Lopez' }] });
 * p.scrub('Ana Lopez, ana@x.org, says chest pain'); // '[NAME-1], [EMAIL-1], says chest pain'
 * p.tokens; // { '[NAME-1]': 'Ana Lopez', '[EMAIL-1]': 'ana@x.org' }
 */
export class Pseudonymiser {
  private readonly byValue = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly mapping: Record<string, string> = {};
  private readonly known: readonly KnownIdentifier[];

  constructor(private readonly options: PseudonymiserOptions = {}) {
    this.known = [...(options.known ?? [])]
      .filter((item) => item.value.trim().length >= 2)
      .sort((a, b) => b.value.length - a.value.length);
  }

  /** Token to original value, for every token handed out so far. */
  get tokens(): Readonly<Record<string, string>> {
    return { ...this.mapping };
  }

  /** The text with every identifier found replaced by its token. */
  scrub(text: string): string {
    let result = text;
    for (const item of this.known) {
      const pattern = new RegExp(`(?<![A-Za-z0-9])${escape(item.value.trim())}(?![A-Za-z0-9])`, 'gi');
      result = this.replaceOutsideTokens(result, pattern, item.kind);
    }
    for (const { kind, pattern } of this.options.patterns ?? DEFAULT_IDENTIFIER_PATTERNS)
      result = this.replaceOutsideTokens(result, new RegExp(pattern.source, pattern.flags), kind);
    for (const detect of this.options.detectors ?? [])
      for (const found of detect(result)) {
        if (found.value.trim().length < 2 || TOKEN.test(found.value)) continue;
        result = this.replaceOutsideTokens(result, new RegExp(escape(found.value), 'g'), found.kind);
      }
    return result;
  }

  private replaceOutsideTokens(text: string, pattern: RegExp, kind: string): string {
    // Tokens already placed are kept whole: a pattern never rewrites part of one.
    return text
      .split(/(\[[A-Z]+-\d+\])/)
      .map((part, index) => (index % 2 === 1 ? part : part.replace(pattern, (match) => this.tokenFor(kind, match))))
      .join('');
  }

  private tokenFor(kind: string, value: string): string {
    const key = `${kind}:${value.toLowerCase()}`;
    const existing = this.byValue.get(key);
    if (existing) return existing;
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    const token = `[${kind}-${count}]`;
    this.byValue.set(key, token);
    this.mapping[token] = value;
    return token;
  }
}
