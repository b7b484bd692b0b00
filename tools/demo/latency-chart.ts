/** One latency distribution to draw. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly samplesMs: readonly number[];
}

/** The axes' captions: what is timed (x, in ms) and what is counted (y, as a share). */
export interface ChartAxes {
  readonly x: string;
  readonly y: string;
}

const WIDTH = 720;
const PLOT_HEIGHT = 280;
const MARGIN = { left: 64, right: 24, bottom: 56 };
const LEGEND_LINE = 18;
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round tick step (1, 2 or 5 times a power of ten) giving about `count` ticks up to `max`. */
function tickStep(max: number, count = 6): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw) ?? 10 * power) as number;
}

/**
 * A hand-written SVG of latency distributions as cumulative curves: for each series, the share of
 * items settled (y) within a latency (x). A curve further left is faster; where it flattens
 * is its tail. No chart library: axes, grid, ticks, labels and a legend in plain SVG.
 *
 * @example writeFileSync('latency.svg', latencyChart('Submit to decision', [{ label: 'gated', color: '#2563eb', samplesMs: [12, 40, 900] }]));
 */
export function latencyChart(
  title: string,
  series: readonly ChartSeries[],
  axes: ChartAxes = { x: 'latency, submit to settled (ms)', y: 'applications settled' },
): string {
  const drawn = series.filter((one) => one.samplesMs.length > 0);
  const maxMs = Math.max(1, ...drawn.map((one) => Math.max(...one.samplesMs)));
  const step = tickStep(maxMs);
  const axisMax = Math.ceil(maxMs / step) * step;
  // The legend sits between the title and the plot, where it hides no curve.
  const PLOT = { ...MARGIN, top: 44 + drawn.length * LEGEND_LINE + 8 };
  const HEIGHT = PLOT.top + PLOT_HEIGHT + PLOT.bottom;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = PLOT_HEIGHT;
  const x = (ms: number) => PLOT.left + (ms / axisMax) * plotWidth;
  const y = (share: number) => PLOT.top + (1 - share) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let tick = 0; tick <= axisMax + step / 2; tick += step) {
    parts.push(
      `<line x1="${x(tick).toFixed(1)}" y1="${PLOT.top}" x2="${x(tick).toFixed(1)}" y2="${PLOT.top + plotHeight}" stroke="#e5e7eb"/>`,
    );
    parts.push(
      `<text x="${x(tick).toFixed(1)}" y="${PLOT.top + plotHeight + 18}" text-anchor="middle" fill="#374151">${tick.toLocaleString('en-US')}</text>`,
    );
  }
  for (let share = 0; share <= 1.0001; share += 0.25) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(share).toFixed(1)}" x2="${PLOT.left + plotWidth}" y2="${y(share).toFixed(1)}" stroke="#e5e7eb"/>`,
    );
    parts.push(
      `<text x="${PLOT.left - 8}" y="${(y(share) + 4).toFixed(1)}" text-anchor="end" fill="#374151">${Math.round(share * 100)}%</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.top + plotHeight}" x2="${PLOT.left + plotWidth}" y2="${PLOT.top + plotHeight}" stroke="#111827"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.top + plotHeight}" stroke="#111827"/>`,
    `<text x="${PLOT.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#111827">${escapeXml(axes.x)}</text>`,
    `<text transform="translate(16 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#111827">${escapeXml(axes.y)}</text>`,
  );
  drawn.forEach((one, index) => {
    const sorted = [...one.samplesMs].sort((a, b) => a - b);
    // A step curve: at each sample the share settled rises by one application.
    const points = [`${x(0).toFixed(1)},${y(0).toFixed(1)}`];
    sorted.forEach((ms, rank) =>
      points.push(
        `${x(ms).toFixed(1)},${y(rank / sorted.length).toFixed(1)}`,
        `${x(ms).toFixed(1)},${y((rank + 1) / sorted.length).toFixed(1)}`,
      ),
    );
    parts.push(`<polyline fill="none" stroke="${one.color}" stroke-width="2" points="${points.join(' ')}"/>`);
    const legendY = 48 + index * LEGEND_LINE;
    const legendX = PLOT.left;
    parts.push(
      `<line x1="${legendX}" y1="${legendY - 4}" x2="${legendX + 22}" y2="${legendY - 4}" stroke="${one.color}" stroke-width="3"/>`,
      `<text x="${legendX + 28}" y="${legendY}" fill="#111827">${escapeXml(`${one.label} (n=${sorted.length})`)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
