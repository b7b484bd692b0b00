/**
 * Runs `work` over `items` with at most `concurrency` in flight: each lane takes the next item
 * when its last one is done, as a client with that many connections would. Results come back in
 * the items' order.
 *
 * @example const outcomes = await inLanes(applications, 8, (application) => underwrite(application));
 */
export async function inLanes<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index] as T, index);
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(concurrency, items.length)) }, lane));
  return results;
}
