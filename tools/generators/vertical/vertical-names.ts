/** kebab-case: lower-case words of letters and digits joined by single hyphens, starting with a letter. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What `nx g @baton/tools:vertical` takes. */
export interface VerticalGeneratorOptions {
  /** `apps/<name>` and `libs/<name>/`, e.g. `patient-triage`. */
  readonly name: string;
  /** Projects `<short>-contracts|domain|feature`, tag `scope:<short>`, `--vertical <short>`, e.g. `triage`. */
  readonly short: string;
  /** Its human name; default from the directory (`Patient triage`). */
  readonly title?: string;
}

/** Every spelling of a vertical's names the templates use. */
export interface VerticalNames {
  readonly dir: string;
  readonly short: string;
  readonly title: string;
  /** `FleetRouting` style, from the short name: class and schema names (`TriageCase`). */
  readonly pascal: string;
  /** `fleetRouting` style: values (`triageVertical`). */
  readonly camel: string;
  /** `fleet_routing` style: the database schema and table prefix. */
  readonly snake: string;
  /** `FLEET_ROUTING` style: injection tokens. */
  readonly constant: string;
}

const words = (kebab: string) => kebab.split('-');
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The vertical's names from its directory and short name.
 *
 * @example verticalNames({ name: 'patient-triage', short: 'triage' }).pascal // 'Triage'
 */
export function verticalNames(options: VerticalGeneratorOptions): VerticalNames {
  const pascal = words(options.short).map(capitalised).join('');
  return {
    dir: options.name,
    short: options.short,
    title: options.title?.trim() || capitalised(words(options.name).join(' ')),
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    snake: words(options.short).join('_'),
    constant: words(options.short).join('_').toUpperCase(),
  };
}
