import type { Envelope } from '@baton/contracts';
import type { OutboxMessage } from '@baton/state-store';
import type { WorkflowEngine } from '../engine/workflow-engine';
import { continueLocally } from './local-continuation';

const envelope = { id: 'reply-1', type: 'test.check.replied' } as unknown as Envelope;
const reply = (headers: Record<string, string>): OutboxMessage => ({
  messageId: 'reply-1',
  exchange: '',
  routingKey: 'continuations',
  envelope,
  headers,
});

describe('continueLocally', () => {
  it('continues the run its headers name, at the step, visit and attempt they name', async () => {
    const calls: unknown[] = [];
    const engine = { continueWith: async (...args: unknown[]) => void calls.push(args) } as unknown as WorkflowEngine;
    await continueLocally(engine)(
      reply({ 'x-baton-run-id': 'run-1', 'x-baton-step-id': 'kyc', 'x-baton-visit': '2', 'x-baton-attempt': '3' }),
    );
    expect(calls).toEqual([[envelope, { runId: 'run-1', stepId: 'kyc', visit: 2, attempt: 3 }]]);
  });

  it('refuses a reply that names no run, so it goes through the continuation queue instead', async () => {
    const engine = { continueWith: async () => undefined } as unknown as WorkflowEngine;
    await expect(continueLocally(engine)(reply({}))).rejects.toThrow(/names no run/);
  });
});
