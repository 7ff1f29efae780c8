import { api } from '../support/api';
import { query } from '../support/db';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// The four services (stack().urls also holds the example workflow runner, which is not one).
const SERVICES = ['gateway', 'config', 'dispatcher', 'log'] as const;

describe('foundation: the services talk over the real broker and store in the real database', () => {
  it('answers 200 on /healthz and /readyz of every service, with Kafka and Postgres up', async () => {
    for (const url of SERVICES.map((s) => stack().urls[s])) {
      const live = await fetch(`${url}/healthz`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { details: Record<string, { status: string }> };
      expect(body.details['kafka']?.status).toBe('up');
      expect(body.details['postgres']?.status).toBe('up');
    }
  });

  it('exposes Prometheus metrics on every service on its METRICS_PORT, not on its API port', async () => {
    for (const service of SERVICES) {
      const url = stack().urls[service];
      const res = await fetch(stack().metricsUrls[service]);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('process_cpu_seconds_total');
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    }
  });

  it('completes a request-reply round trip from gateway to config right after start', async () => {
    // The stack was started moments ago by global-setup: no warm-up, no retry.
    const res = await api('GET', '/v1/admin/system/ping', { admin: true });
    expect(res.status).toBe(200);
    expect(res.body.service).toBe('config');
    expect(typeof res.body.round_trip_ms).toBe('number');
  });

  it('rejects the admin route without the admin token', async () => {
    const res = await api('GET', '/v1/admin/system/ping', { key: 'not-the-admin-token' });
    expect(res.status).toBe(401);
  });

  it('carries a request recorded by the gateway over Kafka into a row written by the log service', async () => {
    const marker = `/v1/admin/system/ping?probe=${Date.now()}`;
    await api('GET', marker, { admin: true });
    const rows = await waitFor('the incoming request row', async () => {
      const found = await query<{ path: string; status: number; headers: Record<string, string> }>(
        'select path, status, headers from log.incoming_requests where path = $1',
        [marker],
      );
      return found.length > 0 ? found : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe(200);
    expect(rows[0]!.headers['authorization']).toBe('[redacted]');
  });
});
