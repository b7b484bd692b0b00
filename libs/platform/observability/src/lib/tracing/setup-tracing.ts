import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` on every span: the app and role, e.g. `loan-underwriting-worker`. */
  readonly serviceName: string;
  /**
   * Exports each span as it ends (a `SimpleSpanProcessor`): tests pass an
   * `InMemorySpanExporter`. Takes precedence over {@link otlpEndpoint}.
   */
  readonly exporter?: SpanExporter;
  /**
   * The configured `OTEL_EXPORTER_OTLP_ENDPOINT` (e.g. `http://collector:4318`): spans are
   * batched to `<endpoint>/v1/traces` over OTLP/HTTP. Without an exporter or an endpoint,
   * spans are still created (trace ids reach logs and message headers) but go nowhere.
   */
  readonly otlpEndpoint?: string;
}

/** Flushes pending spans and uninstalls the SDK. */
export type ShutdownTracing = () => Promise<void>;

let installed: { shutdown: ShutdownTracing } | null = null;

/**
 * Installs the OpenTelemetry SDK for this process: the tracer provider, an AsyncLocalStorage
 * context manager and the W3C trace-context propagator. Call it once, first thing in `main`;
 * libraries use `@opentelemetry/api` only and stay no-ops until it runs. A second call returns
 * the first call's shutdown and changes nothing.
 *
 * @example
 * const shutdownTracing = setupTracing({ serviceName: 'loan-worker', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
 * process.on('SIGTERM', () => void shutdownTracing());
 */
export function setupTracing(options: TracingOptions): ShutdownTracing {
  if (installed) return installed.shutdown;
  const processors: SpanProcessor[] = [];
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  else if (options.otlpEndpoint)
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` })),
    );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: processors,
  });
  provider.register();
  const handle = {
    shutdown: async () => {
      if (installed !== handle) return;
      installed = null;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  installed = handle;
  return handle.shutdown;
}
