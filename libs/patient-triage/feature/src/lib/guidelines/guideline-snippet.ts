/**
 * One short protocol snippet, written for this repository (not copied from a published
 * guideline): what triage and the first hour should do for one presentation. Part 2 cites them
 * by id in the model's rationale.
 */
export interface GuidelineSnippet {
  /** Stable, lowercase, the citation key: `gl-acs`. */
  readonly id: string;
  readonly title: string;
  /** Phrases that should bring it up, English and Spanish. */
  readonly triggers: readonly string[];
  readonly text: string;
}
