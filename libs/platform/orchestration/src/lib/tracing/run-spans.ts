import { Attributes, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = () => trace.getTracer('@baton/orchestration');

/**
 * Runs `work` in an active span. The engine traces through `@opentelemetry/api` alone, a no-op
 * until the process installs an SDK (`setupTracing` of `@baton/observability`). Attributes name
 * runs, steps, decisions and models, never personal data: callers pass ids and enums only.
 *
 * @example await inSpan('step assess', { 'baton.step.id': 'assess' }, () => execute());
 */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The span of one activation of a run (a start, a continuation, a timer): its commits happen inside it. */
export function runSpan<T>(
  run: { workflowId: string; runId: string; version: number },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(
    `run ${run.workflowId}`,
    { 'baton.workflow.id': run.workflowId, 'baton.workflow.version': run.version, 'baton.run.id': run.runId },
    work,
  );
}
