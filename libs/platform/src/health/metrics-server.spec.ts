import type { AddressInfo } from 'node:net';
import { startMetricsServer } from './metrics-server';

describe('startMetricsServer', () => {
  it('serves GET /metrics (process metrics, never cached) and nothing else on its port', async () => {
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('process_cpu_seconds_total');
      expect((await fetch(`${base}/v1/me`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(
        404,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails to start when the port is taken, instead of serving nothing', async () => {
    const first = await startMetricsServer(0, '127.0.0.1');
    try {
      await expect(
        startMetricsServer((first.address() as AddressInfo).port, '127.0.0.1'),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => first.close(resolve));
    }
  });
});
