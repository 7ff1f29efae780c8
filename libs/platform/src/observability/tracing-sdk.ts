import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { tracingSettings } from './tracing-env';
import { setTracingEnabled } from './tracing';

export interface Tracing {
  /** Exports what is still buffered; call once the service has stopped. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK when the OTEL_* variables ask for it (see tracingSettings);
 * returns null and changes nothing otherwise. Spans are batched (OTEL_BSP_*) and exported over
 * OTLP/HTTP, protobuf by default or JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json).
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  const settings = tracingSettings(env);
  if (settings.exporters.length === 0) return null;
  const exporters: SpanExporter[] = settings.exporters.map((name) =>
    name === 'console' ? new ConsoleSpanExporter() : settings.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtoExporter(),
  );
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (envDetector) override the service's own name.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName, 'service.version': process.env['npm_package_version'] ?? '0.1.0' }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: exporters.map((e) => new BatchSpanProcessor(e)) });
  // Only the W3C trace context: the `traceparent` / `tracestate` headers (HTTP and Kafka records).
  provider.register({ propagator: new W3CTraceContextPropagator() });
  setTracingEnabled(true);
  return {
    shutdown: async () => {
      setTracingEnabled(false);
      await provider.shutdown();
    },
  };
}
