import fs from 'node:fs';
import path from 'node:path';

export type ServiceName = 'gateway' | 'config' | 'dispatcher' | 'log';

export interface E2eStack {
  runId: string;
  env: Record<string, string> & { KAFKA_BROKERS: string; KAFKA_TOPIC_PREFIX: string; DATABASE_URL: string; ADMIN_TOKEN: string };
  urls: Record<ServiceName, string>;
  /** Each service's GET /metrics, on its own METRICS_PORT. */
  metricsUrls: Record<ServiceName, string>;
  control: string;
  logDir: string;
}

/** The stack started for this run by global-setup. */
export function stack(): E2eStack {
  const raw = process.env['FASTGEN_E2E'];
  if (!raw) throw new Error('FASTGEN_E2E is not set: run the e2e tests through jest -c e2e/jest.config.cts');
  return JSON.parse(raw) as E2eStack;
}

async function controlCall(p: string): Promise<void> {
  const res = await fetch(`${stack().control}${p}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`stack control ${p}: ${res.status} ${await res.text()}`);
}

/** Fault injection: crash (SIGKILL), stop (SIGTERM), start, restart a service, or stop/start the broker. */
export const control = {
  kill: (service: ServiceName, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => controlCall(`/services/${service}/kill?signal=${signal}`),
  start: (service: ServiceName) => controlCall(`/services/${service}/start`),
  restart: (service: ServiceName) => controlCall(`/services/${service}/restart`),
  stopKafka: () => controlCall('/kafka/stop'),
  startKafka: () => controlCall('/kafka/start'),
  /** Restarts the local Postgres cluster; the supervisor refuses unless this checkout started it. */
  restartPostgres: () => controlCall('/postgres/restart'),
  /** Whether this checkout's infra started Postgres (only then may a test restart it). */
  ownsPostgres: async () => (await fetch(`${stack().control}/postgres/owned`, { method: 'POST' })).status === 204,
};

/** Everything the services of this run have logged so far. */
export function serviceLogs(service?: ServiceName): string {
  const dir = stack().logDir;
  const files = service ? [`${service}.log`] : fs.readdirSync(dir);
  return files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}
