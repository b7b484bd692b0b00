import { RUN_HEADERS } from '../continuation/continuation-messages';
import type { ContinuationTarget } from './run-view';

/** Headers that route a continuation back to its run, step, visit and attempt. */
export function runHeaders(runId: string, stepId: string, visit: number, attempt = 1): Record<string, string> {
  return {
    [RUN_HEADERS.runId]: runId,
    [RUN_HEADERS.stepId]: stepId,
    [RUN_HEADERS.visit]: String(visit),
    [RUN_HEADERS.attempt]: String(attempt),
  };
}

/** The run, step, visit and attempt a continuation answers, read back from its {@link runHeaders}. */
export function continuationTarget(headers: Readonly<Record<string, unknown>> | undefined): ContinuationTarget {
  const header = (name: string) => (typeof headers?.[name] === 'string' ? (headers[name] as string) : null);
  const visit = header(RUN_HEADERS.visit);
  const attempt = header(RUN_HEADERS.attempt);
  return {
    runId: header(RUN_HEADERS.runId) ?? '',
    stepId: header(RUN_HEADERS.stepId),
    visit: visit === null ? null : Number(visit),
    attempt: attempt === null ? null : Number(attempt),
  };
}
