import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { stack, type ServiceName } from './stack';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: stack().env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Runs one built service (`main.js [args]`) until it exits, with `env` on top of the run's
 * environment: for settings that must stop a service at start. Returns its exit code and output.
 */
export async function runServiceToExit(service: ServiceName, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', service, 'main.js'), ...args], {
    env: { ...process.env, ...stack().env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/**
 * A second, small stack (some of the built services) with its own database, topic prefix and
 * extra environment, for behaviour that is a deployment setting (e.g. the production URL policy).
 * Its logs go to the run's log directory, so serviceLogs() covers them too.
 */
export class ExtraStack {
  readonly urls = {} as Record<ServiceName, string>;
  /** Each service's GET /metrics, on a METRICS_PORT of its own. */
  readonly metricsUrls = {} as Record<ServiceName, string>;
  private readonly children: ChildProcess[] = [];
  private readonly id = randomBytes(4).toString('hex');
  private readonly database: string;
  private readonly prefix: string;

  constructor(
    private readonly services: ServiceName[],
    private readonly extraEnv: Record<string, string>,
    /** Settings for one service only (e.g. a URL policy that differs between config and dispatcher). */
    private readonly serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ) {
    this.database = `${new URL(stack().env.DATABASE_URL).pathname.slice(1)}_x${this.id}`;
    this.prefix = `${stack().env.KAFKA_TOPIC_PREFIX}x${this.id}.`;
  }

  /** Postgres database of this stack (to look at its sessions). */
  get databaseName(): string {
    return this.database;
  }

  /** Topic prefix of this stack (to read its topics). */
  get topicPrefix(): string {
    return this.prefix;
  }

  private env(service: ServiceName, port: number, metricsPort: number): NodeJS.ProcessEnv {
    const db = new URL(stack().env.DATABASE_URL);
    db.pathname = `/${this.database}`;
    return {
      ...process.env,
      ...stack().env,
      ...this.extraEnv,
      ...(this.serviceEnv[service] ?? {}),
      DATABASE_URL: db.toString(),
      KAFKA_TOPIC_PREFIX: this.prefix,
      KAFKA_CLIENT_ID_SUFFIX: `-x${this.id}`,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      FASTGEN_E2E: '',
    };
  }

  private run(service: ServiceName, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const out = fs.openSync(path.join(stack().logDir, `x${this.id}-${service}.log`), 'a');
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', service, 'main.js'), ...args], { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    return child;
  }

  async up(timeoutMs = 90_000): Promise<void> {
    await admin(`create database "${this.database}"`);
    for (const service of this.services) {
      const port = await freePort();
      const metricsPort = await freePort();
      this.urls[service] = `http://127.0.0.1:${port}`;
      this.metricsUrls[service] = `http://127.0.0.1:${metricsPort}/metrics`;
      const env = this.env(service, port, metricsPort);
      const code = await new Promise<number | null>((resolve) => this.run(service, ['migrate'], env).once('exit', resolve));
      if (code !== 0) throw new Error(`${service} migrate failed (exit ${code})`);
      this.children.push(this.run(service, [], env));
    }
    const deadline = Date.now() + timeoutMs;
    for (const service of this.services) {
      for (;;) {
        const ready = await fetch(`${this.urls[service]}/readyz`).then((r) => r.status === 200, () => false);
        if (ready) break;
        if (Date.now() > deadline) throw new Error(`extra ${service} not ready after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async down(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await admin(`drop database if exists "${this.database}" with (force)`).catch(() => undefined);
    const kafka = new Kafka({ clientId: 'e2e-extra-stack', brokers: stack().env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const kadmin = kafka.admin();
    await kadmin.connect();
    try {
      const topics = (await kadmin.listTopics()).filter((t) => t.startsWith(this.prefix));
      if (topics.length > 0) await kadmin.deleteTopics({ topics });
    } finally {
      await kadmin.disconnect();
    }
  }
}
