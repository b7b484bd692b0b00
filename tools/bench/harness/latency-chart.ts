/** Upper edges (ms) of the chart's buckets: fine where interactive latencies sit, coarse past a second. */
export const LATENCY_BUCKETS_MS = [5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 2_000] as const;

/**
 * A text histogram of latencies, one row per bucket from the first to the last one used: its upper
 * edge, a bar scaled to the fullest bucket (`width` characters), the count and its share.
 *
 * @example latencyChart([3, 4, 12], 10) // ['<=    5 ms |########## 2  67%', '<=   10 ms |           0   0%', '<=   20 ms |#####      1  33%']
 */
export function latencyChart(times: readonly number[], width = 40): string[] {
  if (times.length === 0) return [];
  const edges: number[] = [...LATENCY_BUCKETS_MS, Number.POSITIVE_INFINITY];
  const counts = edges.map(() => 0);
  for (const time of times) {
    const bucket = edges.findIndex((edge) => time <= edge);
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  const first = counts.findIndex((count) => count > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((count) => count > 0);
  const most = Math.max(...counts);
  const countWidth = String(most).length;
  return counts.slice(first, last + 1).map((count, offset) => {
    const edge = edges[first + offset] as number;
    const label = Number.isFinite(edge)
      ? `<= ${String(edge).padStart(4)} ms`
      : `>  ${String(edges[edges.length - 2]).padStart(4)} ms`;
    const bar = '#'.repeat(Math.round((width * count) / most)).padEnd(width);
    const share = `${Math.round((100 * count) / times.length)}%`.padStart(4);
    return `${label} |${bar} ${String(count).padStart(countWidth)} ${share}`;
  });
}
