#!/usr/bin/env node
// Local infrastructure: `npm run infra -- up|down|status|logs [kafka|postgres]`.
// `up` is idempotent and quick when everything already runs; `down` stops only what `up` started.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaDown, kafkaLogFile, kafkaStatus, kafkaUp } from './kafka.mjs';
import { postgresDown, postgresLogFile, postgresStatus, postgresUp } from './postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Per-checkout state (Kafka data, pid files); ignored by git.
export const STATE_DIR = process.env.FASTGEN_STATE_DIR ?? path.join(ROOT, '.local', 'infra');

/** Brings Kafka and Postgres up and returns the environment the services need to reach them. */
export async function infraUp() {
  fs.mkdirSync(STATE_DIR, { recursive: true });
  return withLock(async () => {
    const [pg, kafka] = await Promise.all([postgresUp(STATE_DIR), kafkaUp(STATE_DIR)]);
    return { DATABASE_URL: pg.url, KAFKA_BROKERS: kafka.brokers };
  });
}

// Several `up`s at once (parallel test runs, a second terminal) must not start two brokers.
async function withLock(fn) {
  const lock = path.join(STATE_DIR, 'up.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another "infra up" holds ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export async function infraDown() {
  await kafkaDown(STATE_DIR);
  postgresDown(STATE_DIR);
}

async function main(command = 'up', which) {
  switch (command) {
    case 'up': {
      const started = Date.now();
      const env = await infraUp();
      for (const [k, v] of Object.entries(env)) console.log(`${k}=${v}`);
      console.error(`[infra] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    case 'down':
      return infraDown();
    case 'status':
      console.log(`kafka:    ${await kafkaStatus()}`);
      console.log(`postgres: ${await postgresStatus()}`);
      return;
    case 'logs': {
      const file = which === 'postgres' ? postgresLogFile() : kafkaLogFile(STATE_DIR);
      if (!file || !fs.existsSync(file)) throw new Error(`no log file for ${which ?? 'kafka'}`);
      spawnSync('tail', ['-n', '200', file], { stdio: 'inherit' });
      return;
    }
    default:
      throw new Error(`unknown command "${command}"; use up, down, status or logs [kafka|postgres]`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv[3]).catch((err) => {
    console.error(`[infra] ${err.message}`);
    process.exit(1);
  });
}
