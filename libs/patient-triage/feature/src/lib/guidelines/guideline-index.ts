import MiniSearch from 'minisearch';
import { countTokens } from '@baton/llm';
import { GUIDELINE_CORPUS } from './guideline-corpus';
import type { GuidelineSnippet } from './guideline-snippet';
import { findingTerms, processGuidelineTerm } from './guideline-terms';

interface IndexedSnippet {
  readonly id: string;
  readonly title: string;
  readonly triggers: string;
  readonly text: string;
  readonly findings: string;
}

/** A retrieved snippet, its score, and its size in model tokens (cl100k_base). */
export interface RetrievedGuideline {
  readonly snippet: GuidelineSnippet;
  readonly score: number;
  readonly tokens: number;
}

export interface RetrieveOptions {
  /** At most this many snippets; default 3. */
  readonly k?: number;
  /** At most this many tokens of title and text together; default 400. */
  readonly tokenBudget?: number;
}

// Findings weigh most (they carry the extractor's synonyms and negation), then the phrases a
// snippet was written for, then its title, then its prose.
const BOOST = { findings: 4, triggers: 3, title: 2, text: 1 };
// BM25+ as minisearch 7 ships it (k 1.2, b 0.7, d 0.5), written out so an upgrade cannot move it.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Guideline retrieval over the protocol snippets with minisearch (BM25+), deterministic: the same
 * complaint gives the same snippets in the same order, ties broken by id. Up to `k` snippets
 * whose title and text fit the token budget are returned, in rank order; one that would overflow
 * is skipped for the next that fits.
 *
 * @example
 * const index = new GuidelineIndex();
 * index.retrieve('CP radiating to the jaw', { k: 3 }).map((hit) => hit.snippet.id); // ['gl-acs', ...]
 */
export class GuidelineIndex {
  private readonly search: MiniSearch<IndexedSnippet>;
  private readonly byId: ReadonlyMap<string, GuidelineSnippet>;

  constructor(readonly snippets: readonly GuidelineSnippet[] = GUIDELINE_CORPUS) {
    this.byId = new Map(snippets.map((snippet) => [snippet.id, snippet]));
    this.search = new MiniSearch<IndexedSnippet>({
      fields: ['title', 'triggers', 'text', 'findings'],
      idField: 'id',
      processTerm: processGuidelineTerm,
      searchOptions: { boost: BOOST, bm25: BM25, combineWith: 'OR', prefix: false, fuzzy: false },
    });
    this.search.addAll(
      snippets.map((snippet) => ({
        id: snippet.id,
        title: snippet.title,
        triggers: snippet.triggers.join(' | '),
        text: snippet.text,
        findings: findingTerms(`${snippet.title}. ${snippet.triggers.join('. ')}`),
      })),
    );
  }

  /** Ranks snippets for a complaint; see the class example. */
  retrieve(complaint: string, options: RetrieveOptions = {}): RetrievedGuideline[] {
    const k = options.k ?? 3;
    const budget = options.tokenBudget ?? 400;
    const query = `${complaint} ${findingTerms(complaint)}`;
    const ranked = this.search
      .search(query)
      .map((hit) => ({ id: String(hit.id), score: Number(hit.score.toPrecision(12)) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const chosen: RetrievedGuideline[] = [];
    let used = 0;
    for (const { id, score } of ranked) {
      if (chosen.length === k) break;
      const snippet = this.byId.get(id) as GuidelineSnippet;
      const tokens = countTokens(`${snippet.title}\n${snippet.text}`);
      if (used + tokens > budget) continue;
      chosen.push({ snippet, score, tokens });
      used += tokens;
    }
    return chosen;
  }
}
