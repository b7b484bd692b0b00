import { isBatonError } from '@baton/contracts';
import { OrchestrationError } from '../definition/errors';
import type { CircuitState } from '../ports/observer.port';
import { DownstreamBreakers } from './downstream-breakers';

const down = () => Promise.reject(new OrchestrationError('CIRCUIT_OPEN', 'simulated retryable outage'));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isBatonError(error) ? error.code : 'untyped'),
  );

describe('DownstreamBreakers', () => {
  it('opens after consecutive retryable failures and then refuses calls without making them', async () => {
    const states: CircuitState[] = [];
    const breakers = new DownstreamBreakers(
      { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
      { circuitStateChanged: ({ state }) => states.push(state) },
    );
    await codeOf(breakers.execute('bureau', down));
    await codeOf(breakers.execute('bureau', down));
    expect(await codeOf(breakers.execute('bureau', () => Promise.resolve('report')))).toBe('CIRCUIT_OPEN');
    expect(breakers.callsMade('bureau')).toBe(2);
    expect(states).toEqual(['open']);
    expect(breakers.state('sanctions')).toBe('closed');
  });

  it('does not count terminal business errors against the dependency', async () => {
    const breakers = new DownstreamBreakers({ consecutiveFailures: 1 });
    const rejected = () =>
      Promise.reject(new OrchestrationError('RUN_STATE_CONFLICT', 'not the dependency being unwell'));
    expect(await codeOf(breakers.execute('bureau', rejected))).toBe('RUN_STATE_CONFLICT');
    expect(breakers.state('bureau')).toBe('closed');
  });

  it('lets a probe through half-open and closes when it succeeds', async () => {
    const states: CircuitState[] = [];
    const breakers = new DownstreamBreakers(
      { consecutiveFailures: 1, halfOpenAfterMs: 20 },
      { circuitStateChanged: ({ state }) => states.push(state) },
    );
    await codeOf(breakers.execute('bureau', down));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await breakers.execute('bureau', () => Promise.resolve('report'))).toBe('report');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('times out a slow call as a retryable STEP_TIMED_OUT', async () => {
    const breakers = new DownstreamBreakers({ callTimeoutMs: 10 });
    expect(await codeOf(breakers.execute('bureau', () => new Promise((resolve) => setTimeout(resolve, 200))))).toBe(
      'STEP_TIMED_OUT',
    );
  });
});
