// Runs the built services as child processes: migrate, start, wait until ready, stop.
// Used by `npm start` and, through tools/stack/supervisor.mjs, by the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES = ['config', 'log', 'dispatcher', 'gateway'];
/**
 * The example workflow runner (tools/workflow-runner/cv-scorer.ts): not part of the product, but
 * what an internal team would run (and replace with its own) so that POST /v1/workflows/cv-score
 * gets an answer. Started after the services, which create the topics it consumes.
 */
export const EXAMPLE_RUNNER = 'workflow-runner';
export const DEFAULT_PORTS = { gateway: 3000, config: 3001, dispatcher: 3002, log: 3003, [EXAMPLE_RUNNER]: 3004 };
/**
 * The SSRF guard is public-only everywhere; local stacks (npm start, e2e, benchmarks) opt in to
 * loopback receivers explicitly through its allow-list, and say so.
 */
export const LOOPBACK_URL_ALLOWLIST = 'localhost, 127.0.0.0/8, ::1';
// Each service's Prometheus port (METRICS_PORT): 9464 in a pod of its own, one each on one machine.
export const DEFAULT_METRICS_PORTS = { gateway: 9464, config: 9465, dispatcher: 9466, log: 9467 };

export function mainOf(service) {
  return path.join(ROOT, 'dist', 'apps', service, 'main.js');
}

/** Node arguments and extra environment of a process of the stack. */
function commandOf(name, nodeArgs) {
  // The same flags as the image's CMD (docker/Dockerfile).
  const flags = ['--enable-source-maps', '--max-semi-space-size=32', ...nodeArgs];
  if (name !== EXAMPLE_RUNNER) return { args: [...flags, mainOf(name)], env: {} };
  // Run from its TypeScript source, as its documented stand-alone command does (npm run workflow-runner).
  return {
    args: [...flags, '-r', '@swc-node/register', path.join(ROOT, 'tools', 'workflow-runner', 'cv-scorer.ts')],
    env: { SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json') },
  };
}

// Ports this process has handed out: a port picked, closed and picked again for another service
// would make one of them fail to start (EADDRINUSE).
const handedOut = new Set();

/**
 * `n` distinct free ports: all are held open until every one is picked (the OS may give a port
 * just closed to the next caller), and none is handed out twice by this process.
 */
export async function freePorts(n) {
  const servers = [];
  const ports = [];
  try {
    while (ports.length < n) {
      const srv = net.createServer();
      srv.unref();
      await new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', resolve);
      });
      servers.push(srv);
      const { port } = srv.address();
      if (!handedOut.has(port)) {
        handedOut.add(port);
        ports.push(port);
      }
    }
  } finally {
    await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(() => resolve()))));
  }
  return ports;
}

export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

/** Builds the four services and the dashboard the gateway serves, with Nx (cached when nothing changed). */
export function buildApps({ quiet = false } = {}) {
  const res = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=gateway,config,dispatcher,log,dashboard,cli', '--output-style=static'], {
    cwd: ROOT,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`build failed${quiet ? `:\n${res.stdout}\n${res.stderr}` : ''}`);
}

function runMigrate(service, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainOf(service), 'migrate'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${service} migrate failed (exit ${code}):\n${out}`))));
  });
}

async function isReady(url) {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * A running set of services. `env` is the environment shared by all of them (Kafka, Postgres,
 * prefix, tokens); each gets its PORT. Logs go to `logDir/<service>.log`. `runners` are started
 * after the services are ready and have no migrations (e.g. [EXAMPLE_RUNNER]).
 */
export class Stack {
  constructor({ env, ports, metricsPorts = DEFAULT_METRICS_PORTS, logDir, services = SERVICES, runners = [], extraEnv = {}, nodeArgs = [] }) {
    this.env = env;
    this.ports = ports;
    this.metricsPorts = metricsPorts;
    this.logDir = logDir;
    this.services = services;
    this.runners = runners;
    this.extraEnv = extraEnv; // per-service additions: { dispatcher: { ... } }
    this.nodeArgs = nodeArgs; // e.g. --cpu-prof (not allowed in NODE_OPTIONS)
    this.children = new Map();
    // Children this stack stopped on purpose; any other exit is a crash and is said on stderr.
    this.stopped = new WeakSet();
    fs.mkdirSync(logDir, { recursive: true });
  }

  url(service) {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  /** Where the service's Prometheus metrics are (never on its API port). */
  metricsUrl(service) {
    return `http://127.0.0.1:${this.metricsPorts[service]}/metrics`;
  }

  envOf(service) {
    return {
      ...process.env,
      ...this.env,
      ...(this.extraEnv[service] ?? {}),
      PORT: String(this.ports[service]),
      // The example runner serves no metrics.
      ...(this.metricsPorts[service] ? { METRICS_PORT: String(this.metricsPorts[service]) } : {}),
    };
  }

  async migrate() {
    // Sequential: four Node processes at once on two cores is slower than one after another.
    for (const s of this.services) await runMigrate(s, this.envOf(s));
  }

  start(service) {
    // Still running only if it neither exited nor died of a signal (a SIGKILLed child keeps exitCode null).
    const current = this.children.get(service);
    if (current && current.exitCode === null && current.signalCode === null) return;
    const out = fs.openSync(path.join(this.logDir, `${service}.log`), 'a');
    const command = commandOf(service, this.nodeArgs);
    const child = spawn(process.execPath, command.args, {
      cwd: ROOT,
      env: { ...this.envOf(service), ...command.env },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.children.set(service, child);
    child.once('exit', (code, signal) => {
      if (this.stopped.has(child)) return;
      console.error(`[stack] ${service} (pid ${child.pid}) exited on its own: code ${code}, signal ${signal}; see ${path.join(this.logDir, `${service}.log`)}`);
    });
  }

  async waitReady(service, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const child = this.children.get(service);
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${service} exited (code ${child?.exitCode}); see ${path.join(this.logDir, `${service}.log`)}`);
      }
      if (await isReady(this.url(service))) return;
      await delay(200);
    }
    throw new Error(`${service} not ready after ${timeoutMs} ms; see ${path.join(this.logDir, `${service}.log`)}`);
  }

  async up() {
    await this.migrate();
    for (const s of this.services) this.start(s);
    await Promise.all(this.services.map((s) => this.waitReady(s)));
    for (const r of this.runners) this.start(r);
    await Promise.all(this.runners.map((r) => this.waitReady(r)));
  }

  /** Sends a signal (SIGKILL for a crash) and waits for the process to be gone. */
  async kill(service, signal = 'SIGKILL', timeoutMs = 15_000) {
    const child = this.children.get(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.stopped.add(child);
    child.kill(signal);
    const timer = delay(timeoutMs).then(() => 'timeout');
    if ((await Promise.race([exited, timer])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  }

  async restart(service) {
    await this.kill(service, 'SIGTERM');
    this.start(service);
    await this.waitReady(service);
  }

  async down() {
    await Promise.all([...this.children.keys()].map((s) => this.kill(s, 'SIGTERM')));
  }
}
