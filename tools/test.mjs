#!/usr/bin/env node
// `npm test`: dependencies, Kafka + Postgres, build, then unit tests, lint, the receivers'
// verification code in five languages, and the end-to-end tests against a real running stack.
import { ensureDependencies, ensureInfra, sh, step } from './bootstrap.mjs';

const started = Date.now();
ensureDependencies();
await ensureInfra();
const { buildApps } = await import('./stack/stack.mjs');

const stages = [
  ['building the services', () => buildApps()],
  ['unit tests (every project)', () => sh('npx', ['nx', 'run-many', '-t', 'test', '--exclude=e2e', '--output-style=static', '--parallel=2'])],
  ['lint (module boundaries included)', () => sh('npx', ['nx', 'run-many', '-t', 'lint', '--output-style=static', '--parallel=2'])],
  ['receiver verification code (TypeScript, Python, Go, Java, Rust)', () => sh('node', ['tools/verify-receivers.mjs'])],
  // The dashboard's browser tests drive Debian's chromium; installed here once when missing.
  ['browser for the dashboard tests', () => sh('node', ['tools/browser/ensure-chromium.mjs'])],
  ['end-to-end tests against the running stack', () => sh('npx', ['jest', '-c', 'e2e/jest.config.cts', '--runInBand'])],
];

const only = process.argv.slice(2);
for (const [title, run] of stages) {
  if (only.length && !only.some((o) => title.includes(o))) continue;
  const done = step(title);
  run();
  done();
}
console.log(`\nall tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
