import { caught, deterministicModel, entry, fixedClock, riskInvocation } from '../../../fixtures/loan-risk.fixture';
import { isLlmError } from '../errors/llm-error';
import { Fault, faultSequence } from '../faults/fault-plan';
import { FaultInjectingChatModel } from '../faults/fault-injecting-chat-model';
import { ChatModelGateway } from '../gateway/chat-model-gateway';
import type { BreakerStateChange } from './provider-circuits';

const hanging = (count: number) =>
  new FaultInjectingChatModel({
    inner: deterministicModel(),
    plan: faultSequence(Array.from({ length: count }, (): Fault => ({ kind: 'hang' }))),
  });

describe('timeouts and a circuit breaker per provider', () => {
  it('times out a hanging provider, opens its circuit, then refuses calls without making them', async () => {
    const model = hanging(10);
    const changes: BreakerStateChange[] = [];
    const gateway = new ChatModelGateway({
      models: [entry(model, { provider: 'openai', model: 'gpt-4o', timeoutMs: 25 })],
      clock: fixedClock(),
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
      onBreakerStateChange: (change) => changes.push(change),
    });

    // First invocation: the initial call and its retry both time out; two failures open the circuit.
    const first = await caught(gateway.invoke(riskInvocation()));
    expect(isLlmError(first, 'TIMEOUT')).toBe(true);
    expect(first).toMatchObject({ retryable: true, provider: 'openai' });
    expect(model.calls).toBe(2);
    expect(changes).toEqual([{ provider: 'openai', state: 'open' }]);
    expect(gateway.breakerState('openai')).toBe('open');

    // Second invocation: refused by the open circuit; the model is not called again.
    const second = await caught(gateway.invoke(riskInvocation()));
    expect(isLlmError(second, 'CIRCUIT_OPEN')).toBe(true);
    expect(model.calls).toBe(2);
  });

  it('falls back past an open circuit to the next provider', async () => {
    const model = hanging(10);
    const gateway = new ChatModelGateway({
      models: [entry(model, { provider: 'openai', model: 'gpt-4o', timeoutMs: 25 }), entry(deterministicModel())],
      clock: fixedClock(),
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    });

    const first = await gateway.invoke(riskInvocation());
    const second = await gateway.invoke(riskInvocation());

    expect(first.result).toMatchObject({ provider: 'deterministic', fallbackUsed: true, attempts: 3 });
    expect(second.result).toMatchObject({ provider: 'deterministic', fallbackUsed: true, attempts: 2 });
    expect(model.calls).toBe(2);
    expect(gateway.breakerState('deterministic')).toBe('closed');
  });

  it('retries a failed call on the same provider, but moves on at once when rate limited', async () => {
    const failingOnce = new FaultInjectingChatModel({
      inner: deterministicModel(),
      plan: faultSequence([{ kind: 'error' }]),
    });
    const retried = await new ChatModelGateway({ models: [entry(failingOnce)], clock: fixedClock() }).invoke(
      riskInvocation(),
    );
    expect(retried.result).toMatchObject({ attempts: 2, fallbackUsed: false });

    const throttled = new FaultInjectingChatModel({
      inner: deterministicModel(),
      plan: faultSequence([{ kind: 'rate_limit' }]),
    });
    const gateway = new ChatModelGateway({
      models: [entry(throttled, { provider: 'openai', model: 'gpt-4o-mini' }), entry(deterministicModel())],
      clock: fixedClock(),
    });
    const fellBack = await gateway.invoke(riskInvocation());
    expect(fellBack.result).toMatchObject({ provider: 'deterministic', attempts: 2, fallbackUsed: true });
    expect(throttled.calls).toBe(1);
  });

  it('reports a rate limit from the last model as a retryable RATE_LIMITED', async () => {
    const throttled = new FaultInjectingChatModel({
      inner: deterministicModel(),
      plan: faultSequence([{ kind: 'rate_limit' }]),
    });
    const error = await caught(
      new ChatModelGateway({ models: [entry(throttled)], clock: fixedClock() }).invoke(riskInvocation()),
    );
    expect(isLlmError(error, 'RATE_LIMITED')).toBe(true);
    expect(error).toMatchObject({ retryable: true, httpStatus: 429, outcome: 'retry' });
  });
});
