/** One instance's result beside its best-known solution. */
export interface InstanceFigures {
  readonly name: string;
  readonly vehicles: number;
  readonly distance: number;
  readonly bestVehicles: number;
  readonly bestDistance: number;
  readonly seconds: number;
  readonly iterations: number;
}

const percent = (value: number, best: number) => (best > 0 ? ((value - best) / best) * 100 : 0);
/** A signed figure; one that rounds to zero prints as +0, never -0.00. */
const signed = (value: number, digits = 2) => {
  const rounded = Number(value.toFixed(digits)) || 0;
  return `${rounded >= 0 ? '+' : ''}${rounded.toFixed(digits)}`;
};

/** The six instances summed: what the target is judged on. */
export function totals(rows: readonly InstanceFigures[]): InstanceFigures {
  const sum = (pick: (row: InstanceFigures) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    name: 'total',
    vehicles: sum((row) => row.vehicles),
    distance: sum((row) => row.distance),
    bestVehicles: sum((row) => row.bestVehicles),
    bestDistance: sum((row) => row.bestDistance),
    seconds: sum((row) => row.seconds),
    iterations: sum((row) => row.iterations),
  };
}

/** The gaps to best-known as a JSON-friendly record. */
export function gaps(row: InstanceFigures) {
  return {
    vehicles: row.vehicles - row.bestVehicles,
    distancePercent: Number(percent(row.distance, row.bestDistance).toFixed(3)),
  };
}

/** The target of issue 25: at most one vehicle over the best-known total, distance within 2%. */
export function meetsTarget(total: InstanceFigures): boolean {
  return total.vehicles <= total.bestVehicles + 1 && total.distance <= total.bestDistance * 1.02;
}

/** A Markdown table, one row per instance and a total row. */
export function fleetTable(rows: readonly InstanceFigures[], total: InstanceFigures): string {
  const line = (row: InstanceFigures, bold = false) => {
    const cell = (text: string) => (bold ? `**${text}**` : text);
    return `| ${cell(row.name)} | ${row.vehicles} | ${row.bestVehicles} | ${signed(row.vehicles - row.bestVehicles, 0)} | ${row.distance.toFixed(2)} | ${row.bestDistance.toFixed(2)} | ${signed(percent(row.distance, row.bestDistance))}% | ${row.seconds.toFixed(1)} | ${row.iterations} |`;
  };
  return [
    '| instance | vehicles | best known | gap | distance | best known | gap | time s | iterations |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => line(row)),
    line(total, true),
  ].join('\n');
}

/**
 * A text bar chart of the distance gap per instance (one `#` per 0.25%), with the vehicle gap
 * beside it: the shape of the result at a glance in a terminal or a README.
 */
export function gapChart(rows: readonly InstanceFigures[]): string {
  const width = Math.max(...rows.map((row) => row.name.length));
  return rows
    .map((row) => {
      const gap = percent(row.distance, row.bestDistance);
      const bar = gap >= 0 ? '#'.repeat(Math.round(gap / 0.25)) : '-'.repeat(Math.round(-gap / 0.25));
      return `${row.name.padEnd(width)} ${signed(gap).padStart(7)}% ${signed(row.vehicles - row.bestVehicles, 0).padStart(3)} veh |${bar}`;
    })
    .join('\n');
}
