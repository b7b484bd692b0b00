// cockatiel 3.2.1's own type guards test the wrong marker for some errors (see @baton/llm's
// classify-provider-error): its errors are recognised by their markers here.

/** A cockatiel timeout cancelled the call. */
export function isCockatielTimeout(error: unknown): boolean {
  return hasMarker(error, 'isTaskCancelledError');
}

/** A cockatiel breaker refused the call (open, or isolated). */
export function isBrokenCircuit(error: unknown): boolean {
  return hasMarker(error, 'isBrokenCircuitError');
}

function hasMarker(error: unknown, marker: 'isTaskCancelledError' | 'isBrokenCircuitError'): boolean {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[marker] === true;
}
