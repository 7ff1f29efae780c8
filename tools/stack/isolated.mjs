// An isolated stack: its own database, topic prefix, consumer groups and free ports on the shared
// Kafka + Postgres, removed again by `teardown()`. Used by the e2e supervisor and the benchmarks.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { infraUp } from '../infra/infra.mjs';
import { LOOPBACK_URL_ALLOWLIST, ROOT, SERVICES, Stack, freePorts } from './stack.mjs';

async function withAdminDb(adminUrl, fn) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database and environment of a fresh run and returns a Stack (not yet started).
 * `env` overrides or adds variables shared by every service; `extraEnv` is per service;
 * `nodeArgs` are extra node flags of the services (not of their migrations); `runners` are
 * processes started after the services, e.g. [EXAMPLE_RUNNER] (see stack.mjs).
 */
export async function createIsolatedStack({ tag = 't', logRoot = path.join(ROOT, '.local', 'e2e'), env: overrides = {}, extraEnv = {}, nodeArgs = [], runners = [] } = {}) {
  const runId = `${tag}${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
  const infra = await infraUp();
  const database = `fastgen_${runId}`;
  const adminUrl = new URL(infra.DATABASE_URL).toString();
  await withAdminDb(adminUrl, (c) => c.query(`create database "${database}"`));
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${database}`;
  const prefix = `${runId}.`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    KAFKA_BROKERS: infra.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_CLIENT_ID_SUFFIX: `-${runId}`,
    DATABASE_URL: dbUrl.toString(),
    ADMIN_TOKEN: crypto.randomBytes(24).toString('hex'),
    // A fresh master key per run: nothing sealed in one run is readable in another.
    SECRETS_MASTER_KEY: crypto.randomBytes(32).toString('hex'),
    // The tests' receivers listen on loopback: allowed explicitly, the guard itself stays on.
    ENDPOINT_URL_POLICY: 'public-only',
    ENDPOINT_URL_ALLOWLIST: LOOPBACK_URL_ALLOWLIST,
    ...overrides,
  };
  const processes = [...SERVICES, ...runners];
  // Picked together: ports picked one by one could repeat (a service then fails with EADDRINUSE).
  const picked = await freePorts(processes.length + SERVICES.length);
  const ports = Object.fromEntries(processes.map((s, i) => [s, picked[i]]));
  const metricsPorts = Object.fromEntries(SERVICES.map((s, i) => [s, picked[processes.length + i]]));
  const logDir = path.join(logRoot, runId);
  const stack = new Stack({ env, ports, metricsPorts, logDir, runners, extraEnv, nodeArgs });

  let torndown = false;
  /** Stops the services, drops the database, deletes the run's topics and (unless kept) the logs. */
  async function teardown({ keepLogs = process.env.FASTGEN_KEEP_LOGS === '1' } = {}) {
    if (torndown) return;
    torndown = true;
    await stack.down().catch(() => undefined);
    // FORCE ends this run's sessions, but not an autovacuum worker (a superuser's) busy on the
    // database after a heavy run: retry for a while instead of leaving the database behind.
    for (let attempt = 1; ; attempt++) {
      try {
        await withAdminDb(adminUrl, (c) => c.query(`drop database if exists "${database}" with (force)`));
        break;
      } catch (e) {
        if (attempt >= 30) {
          console.error(`drop database ${database}: ${e.message}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    const kafka = new Kafka({ brokers: infra.KAFKA_BROKERS.split(','), clientId: 'fastgen-stack-cleanup', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    } catch (e) {
      console.error(`delete topics: ${e.message}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (!keepLogs) fs.rmSync(logDir, { recursive: true, force: true });
  }

  /** The tail of every service log, for a failed start. */
  function logTails(lines = 30) {
    return processes.map((s) => {
      const f = path.join(logDir, `${s}.log`);
      return fs.existsSync(f) ? `--- ${s}.log (tail) ---\n${fs.readFileSync(f, 'utf8').split('\n').slice(-lines).join('\n')}` : '';
    }).filter(Boolean).join('\n');
  }

  return { runId, env, stack, logDir, teardown, logTails };
}
