import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Arrived } from '@baton/runtime/testing';
import { postJson } from './post-json';

/** One submission, timed from its POST to its outcome consumed from the bus. */
export interface TimedSubmission<P> {
  readonly ms: number;
  readonly payload: P;
}

/**
 * POSTs one submission and resolves with the milliseconds until its outcome event arrived on the
 * bus (as the stack's collector saw it), with that event. Anything but a 202 throws, with the body.
 *
 * @example const { ms, payload } = await timeSubmission({ agent, url, headers, body, keyOf: (accepted) => accepted.encounterId, next: (key) => stack.published.next(key, 60_000) });
 */
export async function timeSubmission<A, P>(submission: {
  readonly agent: Agent;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The key the outcome is collected by, from the 202's body. */
  readonly keyOf: (accepted: A) => string;
  readonly next: (key: string) => Promise<Arrived<P>>;
}): Promise<TimedSubmission<P>> {
  const started = performance.now();
  const response = await postJson(submission.agent, submission.url, submission.headers, submission.body);
  if (response.status !== 202)
    throw new Error(`${submission.url} answered ${response.status}: ${response.text.slice(0, 1_000)}`);
  const { at, payload } = await submission.next(submission.keyOf(JSON.parse(response.text) as A));
  return { ms: at - started, payload };
}
