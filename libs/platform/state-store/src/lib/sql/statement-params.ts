/**
 * The parameters of one SQL statement built from parts: each part adds its values and gets
 * back their `$n` placeholders, so parts from different modules compose without clashing.
 *
 * @example const params = new StatementParams(); const p = params.add('run-1'); // '$1'
 */
export class StatementParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/**
 * A write prepared as common table expressions of one statement. Several parts in one
 * statement commit together without BEGIN and COMMIT round trips; `guard` names the CTE whose
 * rows say the statement's first write applied, and the other parts write only if it did.
 */
export interface StatementPart {
  readonly ctes: readonly string[];
}
