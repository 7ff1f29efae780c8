import { ALL_METRICS, METRICS } from './catalogue';
import { attemptOutcome, deliveryTelemetry, spanUrl } from './delivery-telemetry';
import { eventRequestOutcome, gatewayTelemetry } from './gateway-telemetry';
import { logWriteTelemetry } from './log-telemetry';
import { counter, gauge, histogram, serviceRegistry, statusClass } from './metrics';
import { PeriodicCollector } from './periodic-gauges';
import { scheduleBacklogCollector } from './schedule-backlog';

async function value(name: string, labels: Record<string, string> = {}, suffix = ''): Promise<number | undefined> {
  const metric = serviceRegistry().getSingleMetric(name);
  if (!metric) return undefined;
  const data = await metric.get();
  const found = data.values.find(
    (v) => (v as { metricName?: string }).metricName === (suffix ? name + suffix : (v as { metricName?: string }).metricName) && Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return found?.value;
}

beforeEach(() => serviceRegistry().resetMetrics());

describe('metric catalogue', () => {
  it('follows the Prometheus naming conventions: fastgen_ prefix, counters _total, durations _seconds, no id labels', () => {
    for (const m of ALL_METRICS) {
      expect(m.name).toMatch(/^fastgen_[a-z0-9_]+$/);
      if (m.type === 'counter') expect(m.name).toMatch(/_total$/);
      else expect(m.name).not.toMatch(/_total$/);
      if (m.type === 'histogram') expect(m.name).toMatch(/_seconds$/);
      for (const label of m.labelNames) expect(label).not.toMatch(/(^|_)id$|endpoint|message|project/);
    }
    expect(new Set(ALL_METRICS.map((m) => m.name)).size).toBe(ALL_METRICS.length);
  });

  it('registers every definition in the service registry without a clash, twice over', () => {
    for (const m of ALL_METRICS) {
      const make = m.type === 'counter' ? counter : m.type === 'gauge' ? gauge : histogram;
      // Through the same helpers the services use, into the service registry.
      expect(make(m)()).toBe(make(m)());
    }
    for (const m of ALL_METRICS) expect(serviceRegistry().getSingleMetric(m.name)).toBeDefined();
  });
});

describe('delivery telemetry', () => {
  const job = { message_id: 'm-1', endpoint_id: 'e-1', trigger: 'scheduled' as const, created_at: new Date() };

  it('classifies attempts by outcome and status class', () => {
    expect([attemptOutcome(200, null), attemptOutcome(500, null), attemptOutcome(null, 'timeout after 30000 ms'), attemptOutcome(null, 'connect timeout')]).toEqual([
      'success',
      'http_error',
      'timeout',
      'timeout',
    ]);
    expect(attemptOutcome(null, 'refused address: 10.0.0.1 is private')).toBe('refused');
    expect(attemptOutcome(null, 'ECONNREFUSED: connect ECONNREFUSED')).toBe('network_error');
    expect([statusClass(204), statusClass(302), statusClass(404), statusClass(503), statusClass(null)]).toEqual(['2xx', '3xx', '4xx', '5xx', 'none']);
  });

  it('counts an attempt, times it, and observes the delivery latency from acceptance on success', async () => {
    const acceptedAt = Date.now() - 2_000;
    await deliveryTelemetry.intake('events.messages.v1', [{ key: 'm-1', timestamp: String(acceptedAt) }], async () => undefined);
    deliveryTelemetry.attemptStarted(job, 'https://example.com/hook?token=x', 1).finished({ status: 503, error: null, durationMs: 40 }, 'retrying', 'o-1');
    deliveryTelemetry.attemptStarted(job, 'https://example.com/hook', 2).finished({ status: 200, error: null, durationMs: 20 }, 'succeeded', 'o-2');

    expect(await value(METRICS.deliveryAttempts.name, { outcome: 'http_error', status_class: '5xx' })).toBe(1);
    expect(await value(METRICS.deliveryAttempts.name, { outcome: 'success', status_class: '2xx' })).toBe(1);
    expect(await value(METRICS.attemptDuration.name, { outcome: 'success' }, '_sum')).toBeCloseTo(0.02);
    expect(await value(METRICS.deliveryLatency.name, {}, '_count')).toBe(1);
    const latency = (await value(METRICS.deliveryLatency.name, {}, '_sum'))!;
    expect(latency).toBeGreaterThanOrEqual(2);
    expect(latency).toBeLessThan(60);
    expect(await value(METRICS.deliveriesFinished.name, { status: 'succeeded' })).toBe(1);
    expect(await value(METRICS.deliveriesFinished.name, { status: 'failed' })).toBeUndefined();
  });

  it('leaves manual attempts out of the delivery latency and finished deliveries', async () => {
    deliveryTelemetry.attemptStarted({ ...job, trigger: 'manual' }, 'https://example.com/', 3).finished({ status: 200, error: null, durationMs: 5 }, 'succeeded', 'o-3');
    expect(await value(METRICS.deliveryAttempts.name, { outcome: 'success' })).toBe(1);
    expect((await value(METRICS.deliveryLatency.name, {}, '_count')) ?? 0).toBe(0);
    expect(await value(METRICS.deliveriesFinished.name, { status: 'succeeded' })).toBeUndefined();
  });

  it('counts disabled endpoints by reason', async () => {
    deliveryTelemetry.endpointDisabled('gone');
    deliveryTelemetry.endpointDisabled('failing');
    deliveryTelemetry.endpointDisabled('failing');
    expect(await value(METRICS.endpointsDisabled.name, { reason: 'failing' })).toBe(2);
  });

  it('records URLs on spans without credentials or query string', () => {
    expect(spanUrl('https://user:pw@hooks.example.com:8443/in/abc?token=secret#x')).toBe('https://hooks.example.com:8443/in/abc');
    expect(spanUrl('not a url')).toBe('invalid-url');
  });
});

describe('gateway and log telemetry', () => {
  it('counts POST /v1/events answers by outcome', async () => {
    expect([202, 400, 413, 422, 401, 403, 429, 503, 500].map(eventRequestOutcome)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'unauthorized',
      'unauthorized',
      'rate_limited',
      'unavailable',
      'error',
    ]);
    gatewayTelemetry.eventRequest(202);
    gatewayTelemetry.eventRequest(202);
    expect(await value(METRICS.gatewayEvents.name, { outcome: 'accepted' })).toBe(2);
  });

  it('counts committed log batches with their records, and failed ones apart, rethrowing the failure', async () => {
    await logWriteTelemetry.transaction('t.attempts', 3, async () => undefined);
    await expect(logWriteTelemetry.transaction('t.attempts', 3, async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await value(METRICS.logWriteBatches.name, { topic: 't.attempts' })).toBe(1);
    expect(await value(METRICS.logRecordsWritten.name, { topic: 't.attempts' })).toBe(3);
    expect(await value(METRICS.logWriteFailures.name, { topic: 't.attempts' })).toBe(1);
    expect(await value(METRICS.logWriteDuration.name, { topic: 't.attempts' }, '_count')).toBe(1);
  });
});

describe('periodic gauges', () => {
  it('sets the backlog gauges from a sample, and keeps them when a sample fails', async () => {
    let next: () => Promise<{ due: number; oldestDueSeconds: number }> = async () => ({ due: 7, oldestDueSeconds: 42.5 });
    const collector = scheduleBacklogCollector(() => next(), 60_000);
    await collector.tick();
    expect(await value(METRICS.scheduleDueJobs.name)).toBe(7);
    expect(await value(METRICS.scheduleOldestDueAge.name)).toBe(42.5);
    next = () => Promise.reject(new Error('database unavailable'));
    await collector.tick();
    expect(await value(METRICS.scheduleDueJobs.name)).toBe(7);
    await collector.stop();
  });

  it('runs one sample at a time', async () => {
    let running = 0;
    let most = 0;
    const collector = new PeriodicCollector('test', async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
    });
    await Promise.all([collector.tick(), collector.tick(), collector.tick()]);
    expect(most).toBe(1);
  });
});
