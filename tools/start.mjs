#!/usr/bin/env node
// `npm start`: dependencies, Kafka + Postgres, build, migrate, every service, ready; Ctrl-C stops it all.
// `npm start -- --no-example-runner` leaves out the example workflow runner (tools/workflow-runner).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensureDependencies, ensureInfra, step } from './bootstrap.mjs';

const started = Date.now();
ensureDependencies();
const infra = await ensureInfra();
const { Stack, DEFAULT_PORTS, EXAMPLE_RUNNER, LOOPBACK_URL_ALLOWLIST, buildApps } = await import('./stack/stack.mjs');
// The CV-scorer example stands in for an internal team's workflow runner, so that
// POST /v1/workflows/cv-score is answered out of the box; a real deployment runs its own.
const withExampleRunner = !process.argv.includes('--no-example-runner');

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
  // Local receivers run on this machine: loopback is allowed through the SSRF guard's allow-list.
  ENDPOINT_URL_POLICY: process.env.ENDPOINT_URL_POLICY ?? 'public-only',
  ENDPOINT_URL_ALLOWLIST: process.env.ENDPOINT_URL_ALLOWLIST ?? LOOPBACK_URL_ALLOWLIST,
};
const ports = { ...DEFAULT_PORTS };
if (process.env.PORT) ports.gateway = Number(process.env.PORT);
const stack = new Stack({ env, ports, runners: withExampleRunner ? [EXAMPLE_RUNNER] : [], logDir: path.join(ROOT, '.local', 'logs') });

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

done = step(`migrating and starting gateway, config, dispatcher, log${withExampleRunner ? ', and the example workflow runner' : ''}`);
try {
  await stack.up();
} catch (err) {
  console.error(err.message);
  await stack.down();
  process.exit(1);
}
done();

const gateway = stack.url('gateway');
let devKey;
try {
  devKey = await seedDevelopmentKey(gateway, env.ADMIN_TOKEN);
} catch (err) {
  console.error(`could not create the default project: ${err.message}`);
}
console.log(`
Fastgen Webhooks is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).

  API        ${gateway}/v1
  Swagger    ${gateway}/docs   (JSON: ${gateway}/docs-json)
  Dashboard  ${gateway}/
  Admin      Authorization: Bearer ${env.ADMIN_TOKEN}   (kept in .local/admin-token)
${devKey ? `  API key    Authorization: Bearer ${devKey}   (project "default", development; kept in .local/dev-api-key)\n` : ''}  Logs       ${path.relative(ROOT, stack.logDir)}/<service>.log
${
  withExampleRunner
    ? `  Example    workflow runner "cv-score" (tools/workflow-runner/cv-scorer.ts): answers POST /v1/workflows/cv-score
             with a cv-score-finished event; an EXAMPLE of an internal team's runner, to be replaced by yours
             (npm start -- --no-example-runner leaves it out)\n`
    : ''
}
  SSRF guard ${env.ENDPOINT_URL_POLICY}${env.ENDPOINT_URL_ALLOWLIST ? `; allowed through its allow-list (local receivers): ${env.ENDPOINT_URL_ALLOWLIST} (ENDPOINT_URL_ALLOWLIST, not for a deployment)` : ''}

Press Ctrl-C to stop.`);

// First run: a default project and a development API key through the admin API, so a newcomer can
// call the API at once. The key is kept in .local/ and printed again on later starts.
async function seedDevelopmentKey(gatewayUrl, adminToken) {
  const file = path.join(ROOT, '.local', 'dev-api-key');
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    // Kept only while it still works against this database (it may have been reset).
    const check = await fetch(`${gatewayUrl}/v1/endpoints?limit=1`, { headers: { authorization: `Bearer ${saved.key}` } });
    if (check.status === 200) return saved.key;
  }
  const call = async (p, body) => {
    const res = await fetch(`${gatewayUrl}${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const project = await call('/v1/admin/projects', { name: 'default' });
  const key = await call(`/v1/admin/projects/${project.id}/api-keys`, { environment: 'development', name: 'npm start' });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ project_id: project.id, key_id: key.id, key: key.key }), { mode: 0o600 });
  // The gateway learns the new key from Kafka within milliseconds; wait so the printed key works.
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${gatewayUrl}/v1/endpoints?limit=1`, { headers: { authorization: `Bearer ${key.key}` } });
    if (res.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return key.key;
}
