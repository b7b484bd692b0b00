import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { setupTracing, ShutdownTracing } from './setup-tracing';
import { withModelCallSpan, withPolicySpan, withRunSpan, withSpan, withStepSpan } from './spans';
import { spanAttributes } from './span-attributes';
import { contextFromTraceHeaders, traceHeaders } from './trace-headers';

// Personal values a careless helper could copy onto a span from a prompt, an output or a reason.
const SSN = '078-05-1120';
const EMAIL = 'ada.lovelace@example.org';

describe('span helpers', () => {
  const exporter = new InMemorySpanExporter();
  let shutdown: ShutdownTracing;
  beforeAll(() => {
    shutdown = setupTracing({ serviceName: 'spans-spec', exporter });
  });
  afterAll(() => shutdown());
  beforeEach(() => exporter.reset());

  it('nests run, step, policy and model spans under one trace, named for the orchestration engine', async () => {
    await withRunSpan({ workflowId: 'loan.underwrite', runId: 'r-1', version: 2 }, () =>
      withStepSpan({ workflowId: 'loan.underwrite', runId: 'r-1', stepId: 'assess', kind: 'model' }, async () => {
        await withPolicySpan({ workflowId: 'loan.underwrite', stepId: 'gate', intent: 'llm.invoke' }, async () => ({
          effect: 'allow' as const,
          policyId: 'loan',
          policyVersion: '3',
          reasons: [{ code: 'WITHIN_LIMITS' }],
        }));
        await withModelCallSpan(
          { workflowId: 'loan.underwrite', stepId: 'assess', model: 'gpt-4o-mini' },
          async () => ({
            provider: 'openai',
            model: 'gpt-4o-mini',
            usage: { inputTokens: 812, outputTokens: 64 },
            costUsd: 0.0021,
          }),
        );
      }),
    );
    const spans = exporter.getFinishedSpans();
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    expect(Object.keys(byName).sort()).toEqual([
      'llm.invoke gpt-4o-mini',
      'policy.decide llm.invoke',
      'run loan.underwrite',
      'step assess',
    ]);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const parentOf = (name: string) => byName[name]?.parentSpanContext?.spanId;
    expect(parentOf('step assess')).toBe(byName['run loan.underwrite']?.spanContext().spanId);
    expect(parentOf('llm.invoke gpt-4o-mini')).toBe(byName['step assess']?.spanContext().spanId);
    expect(byName['llm.invoke gpt-4o-mini']?.kind).toBe(SpanKind.CLIENT);
    expect(byName['llm.invoke gpt-4o-mini']?.attributes).toMatchObject({
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.system': 'openai',
      'gen_ai.usage.input_tokens': 812,
      'gen_ai.usage.output_tokens': 64,
      'baton.llm.cost_usd': 0.0021,
    });
    expect(byName['policy.decide llm.invoke']?.attributes).toMatchObject({
      'baton.policy.effect': 'allow',
      'baton.policy.version': '3',
      'baton.policy.reason_codes': ['WITHIN_LIMITS'],
    });
  });

  it('never copies personal data from a decision or a model result onto a span', async () => {
    const decision = {
      effect: 'deny' as const,
      policyId: 'loan',
      policyVersion: '3',
      reasons: [
        { code: 'APPLICANT_UNDERAGE', message: `applicant ${EMAIL} with SSN ${SSN} is under 18`, ruleId: 'age' },
      ],
    };
    await withPolicySpan({ workflowId: 'loan.underwrite', stepId: 'gate', intent: 'llm.invoke' }, async () => decision);
    const result = {
      provider: 'openai',
      model: 'm',
      usage: { inputTokens: 1, outputTokens: 1 },
      costUsd: 0,
      output: { ssn: SSN, email: EMAIL },
      prompt: `Assess ${EMAIL}`,
    };
    await withModelCallSpan({ workflowId: 'loan.underwrite', stepId: 'assess', model: 'm' }, async () => result);
    // A caller forcing extra keys through a cast still cannot put them on a span.
    await withSpan('cast', { attributes: { ...({ email: EMAIL, ssn: SSN } as object), stepId: 's' } }, () => undefined);
    const exported = JSON.stringify(
      exporter
        .getFinishedSpans()
        .map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })),
    );
    expect(exported).not.toContain(SSN);
    expect(exported).not.toContain(EMAIL);
    expect(exported).toContain('APPLICANT_UNDERAGE');
  });

  it('marks a failed span with the error code, not the error message', async () => {
    const failure = Object.assign(new Error(`no bureau record for ${SSN}`), { code: 'BUREAU_NOT_FOUND' });
    await expect(
      withStepSpan({ workflowId: 'w.x', runId: 'r', stepId: 'kyc', kind: 'agent' }, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'BUREAU_NOT_FOUND' });
    expect(JSON.stringify(span?.attributes)).not.toContain(SSN);
  });

  it('carries a trace through W3C headers and back', async () => {
    const headers = await withSpan('caller', {}, () => traceHeaders());
    expect(headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await context.with(contextFromTraceHeaders(headers), () => withSpan('callee', {}, () => undefined));
    const [caller, callee] = exporter.getFinishedSpans();
    expect(callee?.spanContext().traceId).toBe(caller?.spanContext().traceId);
    expect(callee?.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
    expect(trace.getSpan(contextFromTraceHeaders({ traceparent: 'garbage' }))).toBeUndefined();
  });

  it('maps allow-listed keys only', () => {
    expect(spanAttributes({ workflowId: 'w', runId: undefined, ...({ payload: 'x' } as object) })).toEqual({
      'baton.workflow.id': 'w',
    });
  });
});

describe('setupTracing', () => {
  it('is idempotent, and spans are no-ops once it is shut down', async () => {
    const exporter = new InMemorySpanExporter();
    const shutdown = setupTracing({ serviceName: 'first', exporter });
    expect(setupTracing({ serviceName: 'second', exporter: new InMemorySpanExporter() })).toBe(shutdown);
    await withSpan('kept', {}, () => undefined);
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.resource.attributes['service.name']])).toEqual([
      ['kept', 'first'],
    ]);
    await shutdown();
    await withSpan('dropped', {}, () => undefined);
    expect(traceHeaders(trace.getActiveSpan())).toEqual({});
  });
});
