import http from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The service's Prometheus registry: process metrics by default; features register their own. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/**
 * GET /metrics on its own port (METRICS_PORT), apart from the API: scraped inside the cluster,
 * never routed by an Ingress. Anything else on that port is a 404.
 */
export function startMetricsServer(
  port: number,
  host: string,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (
      path !== '/metrics' ||
      (req.method !== 'GET' && req.method !== 'HEAD')
    ) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('not found\n');
      return;
    }
    metricsRegistry
      .metrics()
      .then((body) =>
        res
          .writeHead(200, {
            'content-type': metricsRegistry.contentType,
            'cache-control': 'no-store',
          })
          .end(req.method === 'HEAD' ? undefined : body),
      )
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
