import { RUN_HEADERS } from '../continuation/continuation-messages';

/** Headers that route a continuation back to its run, step, visit and attempt. */
export function runHeaders(runId: string, stepId: string, visit: number, attempt = 1): Record<string, string> {
  return {
    [RUN_HEADERS.runId]: runId,
    [RUN_HEADERS.stepId]: stepId,
    [RUN_HEADERS.visit]: String(visit),
    [RUN_HEADERS.attempt]: String(attempt),
  };
}
