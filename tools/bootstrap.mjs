// First steps shared by `npm start` and `npm test`: dependencies installed, infrastructure up.
// Node built-ins only until the dependencies are there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function step(title) {
  const started = Date.now();
  process.stderr.write(`\n▶ ${title}\n`);
  return () => process.stderr.write(`  ✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

export function sh(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
}

/** Installs dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  // `npm install` rather than `npm ci`: npm 11 leaves some optional platform packages
  // (sass-embedded-*) out of the lock file and `npm ci` then refuses it; install still
  // follows the lock for everything it lists and leaves the lock file as it is.
  const done = step('installing dependencies (npm install)');
  try {
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
  } catch (err) {
    // A registry hiccup or an interrupted earlier install: once more before giving up.
    process.stderr.write(`  ${err.message}; trying once more\n`);
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
  }
  done();
}

export async function ensureInfra() {
  const done = step('Kafka and Postgres');
  const { infraUp } = await import('./infra/infra.mjs');
  const env = await infraUp();
  done();
  return env;
}
