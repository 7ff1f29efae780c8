import { ExtraStack } from '../support/extra-stack';
import { Receiver } from '../support/receiver';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

// Traces and product metrics, on a second stack whose services export spans over OTLP/HTTP (JSON)
// to a receiver in this test: what an operator sets with the standard OTEL_* variables.
const otlp = new OtlpReceiver();
let extra: ExtraStack;
let key = '';
const endpointReceiver = new Receiver(() => ({ status: 204 }));

async function call(
  method: string,
  path: string,
  body?: unknown,
  token = key,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${extra.urls.gateway}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

// Where each service serves Prometheus metrics.
async function metricsOf(
  service: 'gateway' | 'dispatcher' | 'log',
): Promise<string> {
  const res = await fetch(extra.metricsUrls[service]);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one series in a Prometheus text exposition (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  const collector = await otlp.start();
  extra = new ExtraStack(['config', 'log', 'dispatcher', 'gateway'], {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Export within 100 ms instead of 5 s: the test waits for the spans, not for time.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  await endpointReceiver.start();
  await extra.up();
  const admin = stack().env.ADMIN_TOKEN;
  const project = await call(
    'POST',
    '/v1/admin/projects',
    { name: 'telemetry' },
    admin,
  );
  key = (
    await call(
      'POST',
      `/v1/admin/projects/${project.body.id}/api-keys`,
      { environment: 'production' },
      admin,
    )
  ).body.key;
  await waitFor(
    'the key of the extra stack',
    async () => (await call('GET', '/v1/endpoints?limit=1')).status === 200,
    10_000,
    20,
  );
  const created = await call('POST', '/v1/endpoints', {
    url: `${endpointReceiver.url}/hook?token=secret`,
    event_types: ['trace.me'],
  });
  expect(created.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await extra?.down();
  await endpointReceiver.stop();
  await otlp.stop();
}, 60_000);

describe('observability: one event, one connected trace and moving metrics (extra stack with OTEL_* set)', () => {
  let messageId = '';
  let trace: ReceivedSpan[] = [];

  it('accepts and delivers the event', async () => {
    const res = await call('POST', '/v1/events', {
      event: 'trace.me',
      payload: { n: 1 },
    });
    expect(res.status).toBe(202);
    messageId = res.body.webhook_message_id;
    await waitFor(
      'the delivery at the endpoint',
      () => endpointReceiver.requests.some((r) => r.body.includes(messageId)),
      30_000,
    );
    // No trace context leaks to the customer's endpoint.
    expect(
      endpointReceiver.requests[0]!.headers['traceparent'],
    ).toBeUndefined();
  });

  it('exports one trace linking gateway → dispatcher → log by parent span ids', async () => {
    const attempt = await waitFor(
      'the attempt span',
      () =>
        otlp.spans.find(
          (s) =>
            s.service === 'dispatcher' &&
            s.attributes['webhook.message_id'] === messageId,
        ),
      30_000,
    );
    const traceId = attempt.traceId;
    const find = (
      service: string,
      name: string,
      extra: (s: ReceivedSpan) => boolean = () => true,
    ) =>
      otlp.spans.find(
        (s) =>
          s.traceId === traceId &&
          s.service === service &&
          s.name === name &&
          extra(s),
      );
    // Each step is a child of the one before it, across three processes and two Kafka hops.
    const logOfAttempt = await waitFor(
      'the log write of the attempt outcome',
      () => find('log', 'log write', (s) => s.parentSpanId === attempt.spanId),
      30_000,
    );
    const request = find('gateway', 'POST /v1/events');
    const produce = find('gateway', 'send events.messages.v1');
    const intake = find('dispatcher', 'dispatcher intake');
    expect(request).toBeDefined();
    expect(request!.parentSpanId).toBe('');
    expect(request!.attributes['http.response.status_code']).toBe(202);
    expect(produce!.parentSpanId).toBe(request!.spanId);
    expect(intake!.parentSpanId).toBe(produce!.spanId);
    expect(attempt.parentSpanId).toBe(intake!.spanId);
    expect(attempt.attributes).toMatchObject({
      'http.response.status_code': 204,
      'url.full': `${endpointReceiver.url}/hook`,
    });
    // The log writes the message itself too, as a child of the produce span.
    await waitFor(
      'the log write of the message',
      () => find('log', 'log write', (s) => s.parentSpanId === produce!.spanId),
      30_000,
    );
    expect(logOfAttempt.attributes['messaging.destination.name']).toMatch(
      /dispatcher\.attempts\.v1$/,
    );
    trace = otlp.spans.filter((s) => s.traceId === traceId);
    // Connected: every span's parent is in the trace, but the root.
    const ids = new Set(trace.map((s) => s.spanId));
    expect(
      trace.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)),
    ).toEqual([]);
    expect(trace.filter((s) => !s.parentSpanId)).toHaveLength(1);
    expect(otlp.problems).toEqual([]);
  });

  it('shows the delivery in the product metrics of each service', async () => {
    expect(
      sample(
        await metricsOf('gateway'),
        'fastgen_gateway_events_total{outcome="accepted"}',
      ),
    ).toBe(1);
    const dispatcher = await metricsOf('dispatcher');
    expect(
      sample(
        dispatcher,
        'fastgen_delivery_attempts_total{outcome="success",status_class="2xx"}',
      ),
    ).toBe(1);
    expect(sample(dispatcher, 'fastgen_delivery_latency_seconds_count')).toBe(
      1,
    );
    expect(
      sample(
        dispatcher,
        'fastgen_deliveries_finished_total{status="succeeded"}',
      ),
    ).toBe(1);
    expect(sample(dispatcher, 'fastgen_schedule_due_jobs')).toBe(0);
    expect(
      sample(dispatcher, 'fastgen_schedule_oldest_due_job_age_seconds'),
    ).toBe(0);
    const log = await waitFor('the log batches in the metrics', async () => {
      const text = await metricsOf('log');
      return text.includes('fastgen_log_records_written_total{topic="')
        ? text
        : undefined;
    });
    expect(log).toMatch(
      /fastgen_log_records_written_total\{topic="[^"]*dispatcher\.attempts\.v1"\} 1/,
    );
    expect(log).toMatch(
      /fastgen_log_write_batches_total\{topic="[^"]*events\.messages\.v1"\} \d/,
    );
  });
});
