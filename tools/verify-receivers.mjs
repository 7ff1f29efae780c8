#!/usr/bin/env node
// Runs the receiver verification examples in docs/verify/<language> against the repository's
// signature vectors. A missing toolchain is reported loudly and skipped; any language that
// ran and failed makes the exit code non-zero.
//
// Usage: node tools/verify-receivers.mjs [path/to/signatures.json]   (or VECTORS=path)
// Default vectors: <repo root>/libs/signing/test-vectors/signatures.json
// (written by tools/signing/generate-vectors.mjs)
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const verifyDir = join(root, 'docs', 'verify');
const vectors = resolve(
  process.argv[2] ||
    process.env.VECTORS ||
    join(root, 'libs', 'signing', 'test-vectors', 'signatures.json'),
);

if (!existsSync(vectors)) {
  console.error(
    `verify-receivers: signature vectors not found at ${vectors} (pass a path or set VECTORS)`,
  );
  process.exit(2);
}

function findTool(name) {
  const exts =
    process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

function run(cmd, args, cwd) {
  console.log(`$ ${[cmd, ...args].join(' ')}   (in ${cwd})`);
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, VECTORS: vectors },
  });
  if (r.error)
    console.error(
      `verify-receivers: ${cmd} failed to start: ${r.error.message}`,
    );
  return r.status === 0;
}

const languages = [
  {
    name: 'python',
    tools: ['python3'],
    run: (dir) => run('python3', ['-B', 'run_vectors.py', vectors], dir),
  },
  {
    name: 'go',
    tools: ['go'],
    // -count=1: always execute, the point is to see the checks run.
    run: (dir) => run('go', ['test', '-count=1', '-v', './...'], dir),
  },
  {
    name: 'java',
    tools: ['javac', 'java'],
    run: (dir) => {
      const out = mkdtempSync(join(tmpdir(), 'fastgen-verify-java-'));
      try {
        return (
          run(
            'javac',
            ['-d', out, 'FastgenWebhookVerifier.java', 'VerifyVectors.java'],
            dir,
          ) && run('java', ['-cp', out, 'VerifyVectors', vectors], dir)
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'rust',
    tools: ['cargo'],
    run: (dir) => run('cargo', ['test', '--locked', '--', '--nocapture'], dir),
  },
];

let passed = 0;
let failed = 0;
const summary = [];
for (const lang of languages) {
  const missing = lang.tools.find((t) => !findTool(t));
  if (missing) {
    const line = `SKIPPED ${lang.name}: ${missing} not found`;
    console.log(
      `\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}`,
    );
    summary.push(line);
    continue;
  }
  console.log(`\n=== ${lang.name} ===`);
  const started = Date.now();
  const ok = lang.run(join(verifyDir, lang.name));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`${ok ? 'PASS' : 'FAIL'} ${lang.name} (${secs}s)`);
  if (ok) passed++;
  else failed++;
}

console.log(`\n${summary.join('\n')}`);
console.log(`verify-receivers: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
