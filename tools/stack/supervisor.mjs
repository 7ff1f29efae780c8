#!/usr/bin/env node
// A stack for one test run, isolated from every other: its own database, its own topic prefix,
// its own consumer groups, free ports. It prints one JSON line with everything a test needs,
// then serves a small control API on 127.0.0.1 so that fault tests can kill and restart
// services or the broker. SIGTERM stops the services, drops the database and deletes the topics.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { infraUp, STATE_DIR } from '../infra/infra.mjs';
import { kafkaDown, kafkaUp } from '../infra/kafka.mjs';
import { postgresOwned, postgresRestart } from '../infra/postgres.mjs';
import { ROOT, SERVICES, Stack, freePort } from './stack.mjs';

const runId = `t${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
const infra = await infraUp();
const database = `fastgen_${runId}`;
const adminUrl = new URL(infra.DATABASE_URL);

async function withAdminDb(fn) {
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

await withAdminDb((c) => c.query(`create database "${database}"`));
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
  // A compressed retry schedule so retry tests finish in seconds (the product default is hours).
  RETRY_SCHEDULE: '0s,300ms,600ms,1s',
  // The log purge runs every second so that the retention test sees it promptly.
  LOG_RETENTION_INTERVAL_MS: '1000',
  ...JSON.parse(process.env.FASTGEN_E2E_ENV ?? '{}'),
};
const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()])));
const logDir = path.join(ROOT, '.local', 'e2e', runId);
const stack = new Stack({ env, ports, logDir });

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await stack.down().catch(() => undefined);
  await withAdminDb((c) => c.query(`drop database if exists "${database}" with (force)`)).catch((e) => console.error(`drop database: ${e.message}`));
  const kafka = new Kafka({ brokers: infra.KAFKA_BROKERS.split(','), clientId: 'fastgen-e2e-cleanup', logLevel: logLevel.NOTHING });
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
  if (process.env.FASTGEN_KEEP_LOGS !== '1') fs.rmSync(logDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

try {
  await stack.up();
} catch (err) {
  console.error(err.message);
  for (const s of SERVICES) {
    const f = path.join(logDir, `${s}.log`);
    if (fs.existsSync(f)) console.error(`--- ${s}.log (tail) ---\n${fs.readFileSync(f, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  process.env.FASTGEN_KEEP_LOGS = '1';
  await stop(1);
}

// Control API for fault-injection tests.
const control = http.createServer(async (req, res) => {
  const [, kind, name, action] = (req.url ?? '').split('?')[0].split('/');
  const signal = new URL(req.url, 'http://x').searchParams.get('signal') ?? 'SIGKILL';
  try {
    if (kind === 'services' && SERVICES.includes(name)) {
      if (action === 'kill') await stack.kill(name, signal);
      else if (action === 'start') {
        stack.start(name);
        await stack.waitReady(name);
      } else if (action === 'restart') await stack.restart(name);
      else throw new Error(`unknown action ${action}`);
    } else if (kind === 'kafka' && name === 'stop') {
      if (process.env.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is external; the broker cannot be stopped from here');
      await kafkaDown(STATE_DIR);
    } else if (kind === 'kafka' && name === 'start') {
      await kafkaUp(STATE_DIR);
    } else if (kind === 'postgres' && name === 'owned') {
      // 204 when this checkout started the cluster (and so may restart it), 404 when not.
      if (!postgresOwned(STATE_DIR)) {
        res.writeHead(404).end();
        return;
      }
    } else if (kind === 'postgres' && name === 'restart') {
      await postgresRestart(STATE_DIR);
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(204).end();
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
  }
});
const controlPort = await freePort();
control.listen(controlPort, '127.0.0.1');

console.log(
  JSON.stringify({
    runId,
    env,
    urls: Object.fromEntries(SERVICES.map((s) => [s, stack.url(s)])),
    control: `http://127.0.0.1:${controlPort}`,
    logDir,
  }),
);
