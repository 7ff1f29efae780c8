#!/usr/bin/env node
// A stack for one test run, isolated from every other: its own database, its own topic prefix,
// its own consumer groups, free ports. It prints one JSON line with everything a test needs,
// then serves a small control API on 127.0.0.1 so that fault tests can kill and restart
// services or the broker. SIGTERM stops the services, drops the database and deletes the topics.
import http from 'node:http';
import { STATE_DIR } from '../infra/infra.mjs';
import { kafkaDown, kafkaUp } from '../infra/kafka.mjs';
import { postgresOwned, postgresRestart } from '../infra/postgres.mjs';
import { EXAMPLE_RUNNER, SERVICES, freePort } from './stack.mjs';
import { createIsolatedStack } from './isolated.mjs';

// The example workflow runner runs too, as with `npm start`, so workflow routes are answered.
const PROCESSES = [...SERVICES, EXAMPLE_RUNNER];
const { runId, env, stack, logDir, teardown, logTails } = await createIsolatedStack({
  runners: [EXAMPLE_RUNNER],
  env: {
    // A compressed retry schedule so retry tests finish in seconds (the product default is hours).
    RETRY_SCHEDULE: '0s,300ms,600ms,1s',
    // The log purge runs every second so that the retention test sees it promptly.
    LOG_RETENTION_INTERVAL_MS: '1000',
    ...JSON.parse(process.env.FASTGEN_E2E_ENV ?? '{}'),
  },
});

let stopping = false;
async function stop(code, keepLogs) {
  if (stopping) return;
  stopping = true;
  await teardown(keepLogs === undefined ? undefined : { keepLogs });
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

try {
  await stack.up();
} catch (err) {
  console.error(err.message);
  console.error(logTails());
  await stop(1, true);
}

// Control API for fault-injection tests.
const control = http.createServer(async (req, res) => {
  const [, kind, name, action] = (req.url ?? '').split('?')[0].split('/');
  const signal = new URL(req.url, 'http://x').searchParams.get('signal') ?? 'SIGKILL';
  try {
    if (kind === 'services' && PROCESSES.includes(name)) {
      if (action === 'kill') await stack.kill(name, signal);
      else if (action === 'start') {
        stack.start(name);
        await stack.waitReady(name);
      } else if (action === 'restart') await stack.restart(name);
      else throw new Error(`unknown action ${action}`);
    } else if (kind === 'kafka' && name === 'stop') {
      if (process.env.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is external; the broker cannot be stopped from here');
      // A fault test must not go on believing the broker is down when it is not.
      if (!(await kafkaDown(STATE_DIR))) throw new Error('no broker started by this checkout is running; the broker on 9092 cannot be stopped from here');
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
    urls: Object.fromEntries(PROCESSES.map((s) => [s, stack.url(s)])),
    metricsUrls: Object.fromEntries(SERVICES.map((s) => [s, stack.metricsUrl(s)])),
    control: `http://127.0.0.1:${controlPort}`,
    logDir,
  }),
);
