/**
 * Waits, or rejects as soon as the signal aborts. Injected where delays happen (fault latency),
 * so tests can replace real time.
 *
 * @example const noWait: Sleep = async () => undefined;
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A {@link Sleep} on real timers; `Infinity` waits until the signal aborts.
 *
 * @example await sleep(50, controller.signal);
 */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      if (timer !== undefined) clearTimeout(timer);
      reject(abortReason(signal));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
