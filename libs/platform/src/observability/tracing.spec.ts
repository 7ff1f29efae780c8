import { context, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { deliveryTelemetry } from './delivery-telemetry';
import { BoundedMap, injectTraceContext, setTracingEnabled, startProducerSpan, contextWith, tracer, withConsumerSpan, withRecordSpans } from './tracing';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

describe('trace helpers with tracing off (the default)', () => {
  it('add no header and make no span', async () => {
    expect(injectTraceContext(undefined)).toBeUndefined();
    const headers = { a: 'b' };
    expect(injectTraceContext(headers)).toBe(headers);
    expect(startProducerSpan('t', 1)).toBeUndefined();
    await expect(withRecordSpans('x', 't', [{ key: 'k', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } }], async () => 5)).resolves.toBe(5);
  });
});

describe('trace helpers with tracing on', () => {
  beforeAll(() => {
    provider.register({ propagator: new W3CTraceContextPropagator() });
    setTracingEnabled(true);
  });
  afterAll(async () => {
    setTracingEnabled(false);
    await provider.shutdown();
  });
  beforeEach(() => exporter.reset());

  it('links request → produce → consume → attempt → log write through record headers', async () => {
    const request = tracer().startSpan('POST /v1/events');
    let recordHeaders: Record<string, string> | undefined;
    await context.with(trace.setSpan(context.active(), request), async () => {
      const produce = startProducerSpan('events.messages.v1', 1)!;
      recordHeaders = injectTraceContext(undefined, contextWith(produce));
      produce.end();
    });
    request.end();
    expect(recordHeaders?.['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // The dispatcher sees the record (Buffer header values, as kafkajs gives them).
    const kafkaRecord = { key: Buffer.from('m-9'), timestamp: String(Date.now()), headers: { traceparent: Buffer.from(recordHeaders!['traceparent']!) } };
    await deliveryTelemetry.intake('events.messages.v1', [kafkaRecord, { key: Buffer.from('m-untraced'), timestamp: '0' }], async () => undefined);
    const attempt = deliveryTelemetry.attemptStarted({ message_id: 'm-9', endpoint_id: 'e', trigger: 'scheduled', created_at: new Date() }, 'https://h.example/p?q=1', 1);
    attempt.finished({ status: 201, error: null, durationMs: 12 }, 'succeeded', 'outcome-9');
    const outcomeHeaders = deliveryTelemetry.outcomeHeaders('outcome-9');
    expect(deliveryTelemetry.outcomeHeaders('outcome-9')).toBeUndefined(); // taken once
    await withRecordSpans('log write', 'dispatcher.attempts.v1', [{ key: 'm-9', headers: outcomeHeaders }], async () => undefined);

    const spans = exporter.getFinishedSpans();
    const byName = (n: string) => spans.find((s) => s.name === n)!;
    expect(spans.map((s) => s.name).sort()).toEqual(['POST', 'POST /v1/events', 'dispatcher intake', 'log write', 'send events.messages.v1']);
    const traceId = byName('POST /v1/events').spanContext().traceId;
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
    const parentOf = (n: string) => byName(n).parentSpanContext?.spanId;
    expect(parentOf('send events.messages.v1')).toBe(byName('POST /v1/events').spanContext().spanId);
    expect(parentOf('dispatcher intake')).toBe(byName('send events.messages.v1').spanContext().spanId);
    expect(parentOf('POST')).toBe(byName('dispatcher intake').spanContext().spanId);
    expect(parentOf('log write')).toBe(byName('POST').spanContext().spanId);
    expect(byName('POST').attributes).toMatchObject({ 'http.response.status_code': 201, 'url.full': 'https://h.example/p' });
  });

  it('keeps a traceparent the record already has, and makes no producer span outside a trace', () => {
    const own = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    expect(startProducerSpan('t', 1)).toBeUndefined();
    const span = tracer().startSpan('other');
    expect(injectTraceContext(own, trace.setSpan(context.active(), span))).toBe(own);
    span.end();
  });

  it('marks the spans of a failed batch or handler as errors and rethrows', async () => {
    const headers = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    await expect(withRecordSpans('log write', 't', [{ key: null, headers }], () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(withConsumerSpan('handle', headers, () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.status.code, s.spanContext().traceId])).toEqual([
      ['log write', 2, '4bf92f3577b34da6a3ce929d0e0e4736'],
      ['handle', 2, '4bf92f3577b34da6a3ce929d0e0e4736'],
    ]);
  });
});

describe('BoundedMap', () => {
  it('forgets the oldest entries past its size', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([undefined, 2, 3, 2]);
  });
});
