#!/usr/bin/env node
// `npm test`: dependencies, Kafka + Postgres, build, then unit tests, lint, the receivers'
// verification code in five languages, and the end-to-end tests against a real running stack.
import { spawn } from 'node:child_process';
import { ROOT, ensureDependencies, ensureInfra, step } from './bootstrap.mjs';

const started = Date.now();
ensureDependencies();
await ensureInfra();
const { buildApps } = await import('./stack/stack.mjs');

// Totals over every runner's summary lines (Jest's "Tests: … N passed", the receivers' "N passed,
// M failed"), printed at the end as one plain line.
const totals = { passed: 0, failed: 0, skipped: 0 };
// Failed tests and crashed services, repeated at the end: a red run's cause in its last lines.
const notable = new Set();
function count(line) {
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const failedTest = /^\s*● (.+ › .+)$/.exec(plain);
  if (failedTest) notable.add(`failed: ${failedTest[1]}`);
  if (plain.startsWith('[stack] ') && plain.includes('exited on its own')) notable.add(plain);
  // Jest prints "Tests:       3 passed, 3 total", Vitest "Tests  27 passed (27)".
  const jest = /^Tests:?\s+(\d.*)$/.exec(plain.trim());
  const verify = /^verify-receivers: (\d+) passed, (\d+) failed/.exec(plain.trim());
  if (jest) {
    totals.passed += Number(/(\d+) passed/.exec(jest[1])?.[1] ?? 0);
    totals.failed += Number(/(\d+) failed/.exec(jest[1])?.[1] ?? 0);
    totals.skipped += Number(/(\d+) skipped/.exec(jest[1])?.[1] ?? 0);
  } else if (verify) {
    totals.passed += Number(verify[1]);
    totals.failed += Number(verify[2]);
  }
}

/** Runs a command with its output passed through, counting test results as they go by. */
function sh(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      let rest = '';
      from.on('data', (chunk) => {
        to.write(chunk);
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        lines.forEach(count);
      });
      from.on('end', () => rest && count(rest));
    }
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code ?? signal})`)),
    );
  });
}

const stages = [
  ['building the services', () => buildApps()],
  // The API's contract: a valid OpenAPI document (redocly, 0 problems), current with the gateway's
  // routes, and an SDK current with it.
  ['OpenAPI document and SDK (redocly lint, current with the routes)', async () => {
    await sh('npx', ['redocly', 'lint', '--config', 'tools/openapi/redocly.yaml', '--max-problems', '50', 'docs/openapi.json']);
    await sh('node', ['tools/openapi/generate.mjs', '--check']);
  }],
  ['unit tests (every project)', () => sh('npx', ['nx', 'run-many', '-t', 'test', '--exclude=e2e', '--output-style=static', '--parallel=2'])],
  ['lint (module boundaries included)', () => sh('npx', ['nx', 'run-many', '-t', 'lint', '--output-style=static', '--parallel=2'])],
  ['receiver verification code (TypeScript, Python, Go, Java, Rust)', () => sh('node', ['tools/verify-receivers.mjs'])],
  // The committed tree, cloned alone into an empty folder: anything reaching outside the repository fails here.
  ['unit tests in a clean clone of the committed tree', async () => (await import('./clean-clone/clean-clone.mjs')).unitTestsInCleanClone(ROOT)],
  // The dashboard's browser tests drive Debian's chromium; installed here once when missing.
  ['browser for the dashboard tests', () => sh('node', ['tools/browser/ensure-chromium.mjs'])],
  ['end-to-end tests against the running stack', () => sh('npx', ['jest', '-c', 'e2e/jest.config.cts', '--runInBand'])],
  // Schemathesis against a stack of its own: the API answers what its spec says, nothing else.
  ['API keeps to its spec (schemathesis e2e)', () => sh('node', ['tools/contract/schemathesis.mjs'])],
];

const only = process.argv.slice(2);
let failure;
for (const [title, run] of stages) {
  if (only.length && !only.some((o) => title.includes(o))) continue;
  const done = step(title);
  try {
    await run();
  } catch (err) {
    failure = err;
    break;
  }
  done();
}
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
if (failure) {
  console.error(`\n${failure.message}`);
  for (const line of notable) console.error(line);
  console.log(`\nnpm test: ${summary}`);
  process.exit(1);
}
console.log(`\nall stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`npm test: ${summary}`);
