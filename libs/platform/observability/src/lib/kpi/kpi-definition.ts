import { figure, KPI_BANDS, type KpiBand, type KpiFigure, type MeasuredKpiFigure } from './kpi-report';

/** The shared figures' bands a vertical may set for itself. */
export type KpiBands = { readonly [name in keyof typeof KPI_BANDS]: KpiBand };

/**
 * A figure of one vertical's own, computed from its events: `sql` reads the events table as
 * `{events}` and the window as `$1` (from, inclusive) and `$2` (to, exclusive), and returns one
 * row with a numeric `value` column (NULL when there is nothing to measure yet). A figure with
 * `by` returns one row per key instead, with a text `key` column beside `value`.
 */
export interface VerticalKpiFigure {
  /** Stable and lowercase (`referral-share`): the JSON key, the table's row and the alert's label. */
  readonly name: string;
  readonly description: string;
  readonly unit: 'ratio' | 'ms' | 'usd' | 'count';
  /** The acceptable band; without one the figure is reported, never checked. */
  readonly band?: KpiBand;
  /**
   * What the figure is broken down by (`esi`, `reason`): each row's `key` is then reported and
   * checked against `band` on its own, as `name` with that key. Keys should be a bounded set: they
   * become the `key` label of the exported gauge.
   */
  readonly by?: string;
  readonly sql: string;
}

/**
 * What a vertical adds to the KPI rollup (`defineVertical({ kpis })`): its bands for the shared
 * figures (the platform's {@link KPI_BANDS} otherwise) and figures of its own.
 *
 * @example
 * const kpis: KpiDefinition = {
 *   bands: { latencyP99Ms: { op: '<', limit: 300 } },
 *   figures: [{ name: 'rules-only-share', description: 'decided without a model', unit: 'ratio',
 *     sql: "SELECT avg((data->>'rulesOnly')::boolean::int)::float8 AS value FROM {events} WHERE type = 'triage.assigned' AND occurred_at >= $1 AND occurred_at < $2" }],
 * };
 */
export interface KpiDefinition {
  readonly bands?: Partial<KpiBands>;
  readonly figures?: readonly VerticalKpiFigure[];
}

const FIGURE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The bands a vertical's shared figures are checked against. */
export function bandsOf(definition: KpiDefinition | undefined): KpiBands {
  return { ...KPI_BANDS, ...definition?.bands };
}

/**
 * Checks a definition once, where the vertical is defined; a bad figure names the field and the rule.
 *
 * @example validateKpiDefinition('loan', loanKpis); // throws RangeError on a duplicate figure name
 */
export function validateKpiDefinition(vertical: string, definition: KpiDefinition): void {
  const seen = new Set<string>();
  definition.figures?.forEach((candidate, at) => {
    const where = `${vertical}: kpis.figures[${at}]`;
    if (!FIGURE_NAME.test(candidate.name))
      throw new RangeError(`${where}.name must be lowercase letters, digits and -`);
    if (seen.has(candidate.name)) throw new RangeError(`${where}.name must be unique (${candidate.name} is repeated)`);
    if (candidate.by !== undefined && !FIGURE_NAME.test(candidate.by))
      throw new RangeError(`${where}.by must be lowercase letters, digits and -`);
    if (!candidate.sql.includes('{events}'))
      throw new RangeError(`${where}.sql must read the events table as {events}`);
    seen.add(candidate.name);
  });
}

/** One figure's value beside its band; a figure broken down `by` something names its key. */
export function measured(definition: VerticalKpiFigure, value: number | null, key?: string): MeasuredKpiFigure {
  const checked: KpiFigure | null = definition.band ? figure(value, definition.band) : null;
  return {
    name: definition.name,
    ...(definition.by !== undefined && key !== undefined ? { by: definition.by, key } : {}),
    description: definition.description,
    unit: definition.unit,
    value,
    band: definition.band ?? null,
    ok: checked?.ok ?? null,
  };
}
