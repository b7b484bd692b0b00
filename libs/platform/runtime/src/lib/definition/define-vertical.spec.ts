import { z } from 'zod';
import { defineMessage } from '@baton/contracts';
import { httpMigrations } from '@baton/http';
import { orchestrationMigrations, defineWorkflow, stepsFor } from '@baton/orchestration';
import { policyMigrations } from '@baton/policy';
import { defineOutputSchema, definePromptTemplate } from '@baton/llm';
import { echoVertical, echoWorkflow, EchoFinished, Echoed, EchoRequested } from '../../../fixtures/echo-vertical';
import { isRuntimeError } from '../errors';
import { defineVertical } from './define-vertical';

class OwnTable1799999999999 {}

describe('defineVertical', () => {
  it('derives the broker topology from the workflows: a command queue per agent pattern, an event queue per emitted event', () => {
    const topology = echoVertical.topology('baton.test.x');
    expect(topology.queues.map((queue) => [queue.kind, queue.pattern])).toEqual([
      ['command', EchoRequested.type],
      ['event', EchoFinished.type],
    ]);
    expect(topology.commandExchange).toBe('baton.test.x.echo.commands');
    expect(topology.continuation.name).toBe('baton.test.x.echo.v1.replies');
    expect(topology.queues.every((queue) => queue.deadLetterQueue === `${queue.name}.dlq`)).toBe(true);
    // The default namespace is the definition's (none).
    expect(echoVertical.topology().prefix).toBe('echo');
  });

  it("derives the message registry: the workflows' commands, replies and events, beside the platform's", () => {
    const types = echoVertical
      .messages()
      .definitions()
      .map((definition) => definition.type);
    expect(types).toEqual(expect.arrayContaining([EchoRequested.type, Echoed.type, EchoFinished.type]));
    expect(types).toEqual(expect.arrayContaining(['baton.agent.failed', 'baton.policy.decided']));
    expect(new Set(types).size).toBe(types.length);
  });

  it("applies the platform's migrations first, then the vertical's own", () => {
    const vertical = defineVertical({
      name: 'owned',
      title: 'Owned',
      roles: ['r'],
      workflows: () => [echoWorkflow],
      migrations: [OwnTable1799999999999],
    });
    expect(vertical.migrations).toEqual([
      ...policyMigrations,
      ...orchestrationMigrations,
      ...httpMigrations,
      OwnTable1799999999999,
    ]);
  });

  it('reads its configuration with its own variables and its schema default, naming a bad variable', () => {
    const config = echoVertical.readConfig({ ECHO_LATENCY_MS: '25' });
    expect(config).toMatchObject({ DATABASE_SCHEMA: 'echo', BROKER_NAMESPACE: '', ECHO_LATENCY_MS: 25, ROLE: 'all' });
    expect(echoVertical.readConfig({ DATABASE_SCHEMA: 'echo_2' }).DATABASE_SCHEMA).toBe('echo_2');
    const bad = echoVertical.envSchema.safeParse({ ECHO_LATENCY_MS: '-1', SHUTDOWN_GRACE_MS: 'soon' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'ECHO_LATENCY_MS',
      'SHUTDOWN_GRACE_MS',
    ]);
  });

  it('refuses a model step that names its prompt only by reference: the runtime could not register it', () => {
    const step = stepsFor<{ n: number }>();
    const Out = z.strictObject({ band: z.enum(['low', 'high']) });
    const byReference = defineWorkflow({
      id: 'ref.model',
      version: 1,
      input: z.strictObject({ n: z.number() }),
      state: z.strictObject({ n: z.number() }),
      initialState: (input) => input,
      start: 'gate',
      steps: {
        gate: step.policy({
          intent: 'llm.invoke',
          permits: 'ask',
          context: (s) => s,
          next: { allow: 'ask', deny: 'done', review: 'done' },
        }),
        ask: step.model({
          permit: 'gate',
          prompt: { templateId: 'p', templateVersion: '1' },
          output: Out,
          input: (s) => s,
          fold: (s) => s,
          next: 'done',
        }),
        done: step.end({ outcome: 'completed' }),
      },
    });
    const refused = (() => {
      try {
        defineVertical({ name: 'refs', title: 'Refs', roles: ['r'], workflows: () => [byReference] });
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(isRuntimeError(refused, 'INVALID_VERTICAL')).toBe(true);
    expect((refused as Error).message).toMatch(/model step ref\.model@v1\.ask: name its prompt template/);

    // The same step naming its template and output schema by value is accepted.
    const byValue = defineWorkflow({
      ...byReference,
      steps: {
        ...byReference.steps,
        ask: step.model({
          permit: 'gate',
          prompt: definePromptTemplate({ id: 'p', version: '1', system: 'Band it.', user: '{{n}}' }),
          output: defineOutputSchema({ name: 'band', version: 1, description: 'A band', schema: Out }),
          input: (s) => s,
          fold: (s) => s,
          next: 'done',
        }),
      },
    });
    expect(defineVertical({ name: 'values', title: 'Values', roles: ['r'], workflows: () => [byValue] }).name).toBe(
      'values',
    );
  });

  it('refuses names out of rule and a vertical without token roles', () => {
    const base = { title: 'T', workflows: () => [echoWorkflow] };
    expect(() => defineVertical({ ...base, name: 'Loan Underwriting', roles: ['r'] })).toThrow(/the name must match/);
    expect(() => defineVertical({ ...base, name: 'ok', roles: [] })).toThrow(/at least one role/);
    expect(() => defineVertical({ ...base, name: 'ok', roles: ['r'], policies: [{ id: 'x' }] })).toThrow(/policy #1/);
  });

  it('registers an event that only the vertical names (for validation and AsyncAPI)', () => {
    const Extra = defineMessage('echo.audited', 1, z.strictObject({ at: z.string() }));
    const vertical = defineVertical({
      name: 'extra',
      title: 'Extra',
      roles: ['r'],
      workflows: () => [echoWorkflow],
      messages: [Extra],
    });
    expect(vertical.messages().latest('echo.audited')).toBe(Extra);
  });
});
