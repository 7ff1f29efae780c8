import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';

// Trace helpers of every service, on the OpenTelemetry API only: without the SDK (tracing off,
// the default) each of them is a no-op costing a flag check. Spans are made by hand at a few
// points (HTTP request, produce, consume, delivery attempt, log write), no auto-instrumentation.
// The W3C trace context travels in Kafka record headers `traceparent` (and `tracestate`).

let enabled = false;

/** Set by startTracing once the SDK is registered. */
export function setTracingEnabled(on: boolean): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

export function tracer() {
  return trace.getTracer('fastgen-webhooks');
}

/** Kafka header values arrive as Buffers (kafkajs) or strings (what we sent). */
export type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const headerGetter: TextMapGetter<RecordHeaders | undefined> = {
  keys: (carrier) => Object.keys(carrier ?? {}),
  get: (carrier, key) => {
    const raw = carrier?.[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value === undefined ? undefined : value.toString();
  },
};

/** The trace context a record carries, or the root context when it carries none. */
export function traceContextOf(headers: RecordHeaders | undefined): Context {
  if (!enabled || !headers) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/**
 * Headers with the current (or given) trace context added, for a record about to be produced.
 * A record that already carries a `traceparent` keeps it; with tracing off the headers are
 * returned untouched.
 */
export function injectTraceContext(headers: Record<string, string> | undefined, ctx: Context = context.active()): Record<string, string> | undefined {
  if (!enabled || headers?.['traceparent'] || !trace.getSpanContext(ctx)) return headers;
  const out = { ...(headers ?? {}) };
  propagation.inject(ctx, out);
  return out;
}

/** Ends a span with the outcome of `work`, which is returned (or thrown) unchanged. */
export async function endWith<T>(span: Span | undefined, work: Promise<T>): Promise<T> {
  if (!span) return work;
  try {
    return await work;
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

export function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/**
 * A producer span for one send, when there is something to be a child of (an API request, a
 * consumed record); sends from background loops make no root spans of their own.
 */
export function startProducerSpan(topic: string, records: number): Span | undefined {
  if (!enabled || !trace.getSpan(context.active())) return undefined;
  return tracer().startSpan(`send ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.destination.name': topic, 'messaging.batch.message_count': records },
  });
}

/** The context of a producer span, for injecting into the records it sends. */
export function contextWith(span: Span | undefined): Context {
  return span ? trace.setSpan(context.active(), span) : context.active();
}

/**
 * Runs `fn` in a consumer span that is a child of the record's trace context (for handlers that
 * take one record at a time).
 */
export async function withConsumerSpan<T>(name: string, headers: RecordHeaders | undefined, fn: () => Promise<T>, attributes: Attributes = {}): Promise<T> {
  if (!enabled) return fn();
  const span = tracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'process', ...attributes } }, traceContextOf(headers));
  return endWith(span, context.with(trace.setSpan(ROOT_CONTEXT, span), fn));
}

export interface TracedRecord {
  key: Buffer | string | null;
  headers?: RecordHeaders;
}

/**
 * For batch handlers: one consumer span per record that carries a trace context (a child of it),
 * all ending with the batch's outcome, so each producer's trace shows its record being handled.
 * Records without a `traceparent` get no span. `onSpan` sees each record's span (to remember it).
 */
export async function withRecordSpans<T>(
  name: string,
  topic: string,
  records: readonly TracedRecord[],
  fn: () => Promise<T>,
  onSpan?: (record: TracedRecord, span: Span) => void,
): Promise<T> {
  if (!enabled) return fn();
  const spans: Span[] = [];
  for (const record of records) {
    const parent = traceContextOf(record.headers);
    if (!trace.getSpanContext(parent)) continue;
    const span = tracer().startSpan(
      name,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': topic, 'messaging.batch.message_count': records.length },
      },
      parent,
    );
    onSpan?.(record, span);
    spans.push(span);
  }
  try {
    return await fn();
  } catch (err) {
    for (const span of spans) failed(span, err);
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}

/** A Map that forgets its oldest entries past `max` (contexts kept for a later step, in memory only). */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  take(key: K): V | undefined {
    const value = this.map.get(key);
    this.map.delete(key);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
