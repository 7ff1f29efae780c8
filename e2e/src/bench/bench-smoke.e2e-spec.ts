import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stack } from '../support/stack';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function runBench(scenario: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'tools', 'bench', 'run.mjs'), scenario], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

// A few seconds of the harness against this run's stack: it must produce a complete report.
// Benchmarks are not tests: nothing here asserts a speed.
describe('npm run bench (smoke)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fastgen-bench-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports accepted, delivered and logged events, latencies and the ceiling as a table and JSON', async () => {
    const s = stack();
    const { code, out } = await runBench('fanout', {
      BENCH_GATEWAY_URL: s.urls.gateway,
      BENCH_ADMIN_TOKEN: s.env.ADMIN_TOKEN,
      BENCH_DATABASE_URL: s.env.DATABASE_URL,
      BENCH_DURATION_S: '3',
      BENCH_CEILING_S: '1',
      BENCH_WARMUP_S: '0',
      BENCH_RATE: '20',
      BENCH_ENDPOINTS: '2',
      BENCH_CONNECTIONS: '4',
      BENCH_DRAIN_S: '30',
      BENCH_RESULTS_DIR: dir,
    });
    expect({ code, out: code === 0 ? '' : out }).toEqual({ code: 0, out: '' });
    expect(out).toMatch(/ceiling: autocannon → bare Node http/);
    expect(out).toMatch(/delivered \(valid signature \+ logged\)/);

    const report = JSON.parse(fs.readFileSync(path.join(dir, 'fanout-latest.json'), 'utf8'));
    expect(report.ceiling.per_s).toBeGreaterThan(0);
    expect(report.api.accepted).toBeGreaterThan(0);
    expect(report.api.non2xx).toBe(0);
    // Every accepted event reached both endpoints once with a valid signature, and every attempt is in Postgres. The receiver never
    // fails here, so a failed attempt (a reset connection, a timeout) is a dispatcher fault, named by its outcome in the diff.
    const d = report.delivery;
    const want = report.api.accepted * 2;
    expect({
      expected: d.expected,
      delivered: d.delivered,
      all_delivered: d.all_delivered,
      invalid_signatures: d.invalid_signatures,
      duplicates: d.duplicates,
      failed_attempts_by_outcome: d.failed_attempts_by_outcome,
      attempts_received: d.attempts_received,
      attempts_logged: d.attempts_logged,
      every_attempt_logged: d.every_attempt_logged,
    }).toEqual({
      expected: want,
      delivered: want,
      all_delivered: true,
      invalid_signatures: 0,
      duplicates: 0,
      failed_attempts_by_outcome: {},
      attempts_received: want,
      attempts_logged: want,
      every_attempt_logged: true,
    });
    expect(report.delivery.e2e_p99_ms).toEqual(expect.any(Number));
    expect(report.processes.receiver).toMatchObject({ cpu_s: expect.any(Number), peak_rss_mib: expect.any(Number) });
    expect(fs.readdirSync(dir).filter((f) => /^fanout-\d{4}-.*\.json$/.test(f))).toHaveLength(1);
  }, 90_000);
});
