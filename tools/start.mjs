#!/usr/bin/env node
// `npm start`: dependencies, Kafka + Postgres, build, migrate, every service, ready; Ctrl-C stops it all.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensureDependencies, ensureInfra, step } from './bootstrap.mjs';

const started = Date.now();
ensureDependencies();
const infra = await ensureInfra();
const { Stack, DEFAULT_PORTS, buildApps } = await import('./stack/stack.mjs');

let done = step('building the services');
buildApps();
done();

// Development secrets are generated once per checkout and kept out of git (.local/).
function localSecret(name, bytes) {
  const file = path.join(ROOT, '.local', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(bytes).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

const env = {
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  KAFKA_BROKERS: infra.KAFKA_BROKERS,
  DATABASE_URL: infra.DATABASE_URL,
  ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? localSecret('admin-token', 24),
  SECRETS_MASTER_KEY: process.env.SECRETS_MASTER_KEY ?? localSecret('secrets-master-key', 32),
};
const ports = { ...DEFAULT_PORTS };
if (process.env.PORT) ports.gateway = Number(process.env.PORT);
const stack = new Stack({ env, ports, logDir: path.join(ROOT, '.local', 'logs') });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  process.stderr.write('\nstopping services...\n');
  await stack.down();
  process.stderr.write('stopped (Kafka and Postgres keep running; `npm run infra -- down` stops them)\n');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

done = step('migrating and starting gateway, config, dispatcher, log');
try {
  await stack.up();
} catch (err) {
  console.error(err.message);
  await stack.down();
  process.exit(1);
}
done();

const gateway = stack.url('gateway');
console.log(`
Fastgen Webhooks is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).

  API        ${gateway}/v1
  Swagger    ${gateway}/docs   (JSON: ${gateway}/docs-json)
  Dashboard  ${gateway}/
  Admin      Authorization: Bearer ${env.ADMIN_TOKEN}   (kept in .local/admin-token)
  Logs       ${path.relative(ROOT, stack.logDir)}/<service>.log

Press Ctrl-C to stop.`);
