#!/usr/bin/env node
// `npm run bench -- <scenario>`: drives POST /v1/events with autocannon against a running stack
// (BENCH_GATEWAY_URL + BENCH_ADMIN_TOKEN + BENCH_DATABASE_URL) or an isolated one it brings up and
// removes, has a local receiver verify every signature, counts the attempts the log service wrote
// to Postgres, measures the machine's ceiling in the same run, and reports a table and JSON.
// Knobs and method: docs/performance.md.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { STATE_DIR } from '../infra/infra.mjs';
import { ROOT, SERVICES, buildApps } from '../stack/stack.mjs';
import { createIsolatedStack } from '../stack/isolated.mjs';
import { ProcSampler, brokerPid, postgresPids, round } from './proc-stats.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// rate 0 = as fast as the connections go.
export const SCENARIOS = {
  max: { endpoints: 1, rate: 0, durationS: 60, what: '1 endpoint, maximum rate' },
  steady500: { endpoints: 1, rate: 500, durationS: 60, what: '1 endpoint, 500 events/s (latency)' },
  steady: { endpoints: 1, rate: 1000, durationS: 60, what: '1 endpoint, 1,000 events/s (latency)' },
  fanout: { endpoints: 10, rate: 0, durationS: 60, what: 'each event to 10 endpoints, maximum rate' },
  flaky: { endpoints: 1, rate: 1000, durationS: 60, failRate: 0.1, what: 'receiver fails 10 % of requests, 1,000 events/s' },
  soak: { endpoints: 1, rate: 500, durationS: 600, what: '10 minutes at 500 events/s (memory growth)' },
  // Two tenants (tools/bench/noisy.mjs): A's flood, then A's flood beside B's trickle.
  noisy: { endpoints: 10, rate: 0, durationS: 30, connections: 32, what: "tenant A's flood beside tenant B's 50 events/s (fairness)" },
};

const num = (name, fallback) => (process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name]));

export function options(name) {
  const s = SCENARIOS[name];
  if (!s) throw new Error(`unknown scenario "${name}"; one of: ${Object.keys(SCENARIOS).join(', ')}`);
  const durationS = num('BENCH_DURATION_S', s.durationS);
  return {
    scenario: name,
    what: s.what,
    endpoints: num('BENCH_ENDPOINTS', s.endpoints),
    rate: num('BENCH_RATE', s.rate),
    durationS,
    failRate: num('BENCH_FAIL_RATE', s.failRate ?? 0),
    connections: num('BENCH_CONNECTIONS', s.connections ?? 64),
    ceilingS: num('BENCH_CEILING_S', Math.min(10, durationS)),
    warmupS: num('BENCH_WARMUP_S', Math.min(5, durationS)),
    drainS: num('BENCH_DRAIN_S', 180),
    payloadBytes: num('BENCH_PAYLOAD_BYTES', 900),
    cpuProfile: process.env.BENCH_CPU_PROF === '1',
    resultsDir: process.env.BENCH_RESULTS_DIR ?? path.join(HERE, 'results'),
  };
}

/** The event every request posts: ~payloadBytes of JSON, like the calibration measurements. */
export function eventBody(bytes) {
  const base = { event: 'bench.order-paid', payload: { order_id: 'o-123456', customer: { id: 'c-42', email: 'someone@example.com' }, items: [], note: '' } };
  const skeleton = JSON.stringify(base).length;
  base.payload.note = 'x'.repeat(Math.max(0, bytes - skeleton));
  return JSON.stringify(base);
}

export function startChild(file, env) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(HERE, file), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before listening`)));
    child.once('message', (m) => (m.type === 'listening' ? resolve({ child, port: m.port }) : reject(new Error(`${file}: ${JSON.stringify(m)}`))));
  });
}

export function ask(child, type, extra = {}, reply = type) {
  return new Promise((resolve) => {
    const on = (m) => {
      if (m.type !== reply) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send({ type, ...extra });
  });
}

export async function http(base, method, p, { token, body } = {}) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function until(what, check, timeoutMs, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return true;
    if (Date.now() > deadline) return false;
    await delay(everyMs);
  }
}

/** A project, a production key the gateway accepts, and n endpoints pointing at the receiver. */
export function provision(gateway, adminToken, receiverPort, n) {
  const urls = Array.from({ length: n }, (_, i) => `http://127.0.0.1:${receiverPort}/e/${i}`);
  return provisionProject(gateway, adminToken, { urls });
}

/**
 * A project (its admission limits lifted unless `limits` says otherwise), a production key the
 * gateway accepts, and one endpoint per URL; returns the endpoints' secrets in the same order.
 */
export async function provisionProject(gateway, adminToken, { urls, name = `bench ${new Date().toISOString()}`, limits = { events_per_second: 1_000_000, max_backlog: 100_000_000 } }) {
  const project = await http(gateway, 'POST', '/v1/admin/projects', { token: adminToken, body: { name } });
  if (project.status !== 201) throw new Error(`create project: ${project.status} ${JSON.stringify(project.body)}`);
  // The benchmark measures the pipeline's capacity, not the admission limits: lift them. The
  // gateway learns them within moments; the default burst covers the events sent before that.
  if (limits) {
    const res = await http(gateway, 'PATCH', `/v1/admin/projects/${project.body.id}`, { token: adminToken, body: { limits } });
    if (res.status !== 200) throw new Error(`set the project's limits: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const key = await http(gateway, 'POST', `/v1/admin/projects/${project.body.id}/api-keys`, { token: adminToken, body: { environment: 'production', name: 'bench' } });
  if (key.status !== 201) throw new Error(`create key: ${key.status} ${JSON.stringify(key.body)}`);
  const apiKey = key.body.key;
  if (!(await until('key', async () => (await http(gateway, 'GET', '/v1/endpoints?limit=1', { token: apiKey })).status === 200, 10_000, 20))) {
    throw new Error('the new API key was not accepted within 10 s');
  }
  const secrets = [];
  for (const url of urls) {
    const e = await http(gateway, 'POST', '/v1/endpoints', { token: apiKey, body: { url } });
    if (e.status !== 201) throw new Error(`create endpoint: ${e.status} ${JSON.stringify(e.body)}`);
    const s = await http(gateway, 'GET', `/v1/endpoints/${e.body.id}/secret`, { token: apiKey });
    if (s.status !== 200) throw new Error(`endpoint secret: ${s.status} ${JSON.stringify(s.body)}`);
    secrets.push(s.body.secret);
  }
  return { projectId: project.body.id, apiKey, secrets };
}

/** autocannon POSTing `body`; with `accepted`, records the accept time of every message id. */
export async function load({ url, path: p = '/', token, body, connections, rate, durationS, accepted }) {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const request = { method: 'POST', path: p, headers, body };
  if (accepted) {
    request.onResponse = (status, resBody) => {
      if (status !== 202) return;
      const at = Date.now();
      try {
        accepted.set(JSON.parse(resBody).webhook_message_id, at);
      } catch {
        // not the gateway's answer; counted as non-2xx by autocannon anyway
      }
    };
  }
  const result = await autocannon({ url, connections, duration: durationS, requests: [request], ...(rate > 0 ? { overallRate: rate } : {}) });
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    per_s: round(result['2xx'] / result.duration, 0),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    duration_s: round(result.duration, 1),
  };
}

// Receipt keys are "<message id> <endpoint index>".
export const idOf = (key) => key.slice(0, key.indexOf(' '));

export function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * The stack under test: the running one named by BENCH_GATEWAY_URL (+ BENCH_ADMIN_TOKEN and
 * BENCH_DATABASE_URL), or an isolated one built, started and (through `cleanups`) removed here.
 */
export async function startTarget(name, o, log, cleanups) {
  const external = Boolean(process.env.BENCH_GATEWAY_URL);
  let gateway, adminToken, databaseUrl, stack, profDir;
  if (external) {
    gateway = process.env.BENCH_GATEWAY_URL.replace(/\/$/, '');
    adminToken = process.env.BENCH_ADMIN_TOKEN;
    databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!adminToken || !databaseUrl) throw new Error('with BENCH_GATEWAY_URL, set BENCH_ADMIN_TOKEN and BENCH_DATABASE_URL (the database the log service writes to)');
  } else {
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      log('building the services');
      buildApps({ quiet: true });
    }
    profDir = o.cpuProfile ? path.join(o.resultsDir, 'profiles', `${name}-${Date.now()}`) : undefined;
    const isolated = await createIsolatedStack({
      tag: 'b',
      logRoot: path.join(ROOT, '.local', 'bench'),
      nodeArgs: [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [])],
      env: {
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        // Short retries so the flaky scenario drains within the run (the product default is hours).
        RETRY_SCHEDULE: '0s,1s,2s,5s,10s,30s',
        ...JSON.parse(process.env.BENCH_STACK_ENV ?? '{}'),
      },
    });
    cleanups.push(() => isolated.teardown());
    stack = isolated.stack;
    log(`starting an isolated stack (${isolated.runId})`);
    try {
      await stack.up();
    } catch (err) {
      throw new Error(`${err.message}\n${isolated.logTails()}`);
    }
    gateway = stack.url('gateway');
    adminToken = isolated.env.ADMIN_TOKEN;
    databaseUrl = isolated.env.DATABASE_URL;
  }
  return { gateway, adminToken, databaseUrl, stack, profDir };
}

async function runBench(name) {
  const o = options(name);
  const body = eventBody(o.payloadBytes);
  const external = Boolean(process.env.BENCH_GATEWAY_URL);
  const cleanups = [];
  // One cleanup however many ask for it (the run's finally and a Ctrl-C), awaited by all.
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      while (cleanups.length) await cleanups.pop()().catch((e) => console.error(`cleanup: ${e.message}`));
    })());
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  const log = (m) => console.error(`[bench ${name}] ${m}`);

  try {
    const receiver = await startChild('receiver.mjs', { BENCH_RECEIVER_FAIL_RATE: String(o.failRate) });
    cleanups.push(async () => receiver.child.kill());
    const bare = await startChild('bare-server.mjs', {});
    cleanups.push(async () => bare.child.kill());

    const { gateway, adminToken, databaseUrl, stack, profDir } = await startTarget(name, o, log, cleanups);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());

    const { projectId, apiKey, secrets } = await provision(gateway, adminToken, receiver.port, o.endpoints);
    await ask(receiver.child, 'secrets', { secrets }, 'secrets-ok');
    const attempts = async () => {
      const { rows } = await db.query(`select count(*)::int as n, count(*) filter (where succeeded)::int as ok from log.attempts where project_id = $1`, [projectId]);
      return rows[0];
    };
    const stats = async () => (await ask(receiver.child, 'stats')).counts;

    // Warm-up (JIT, connection pools, consumer fetch sessions), drained before anything is measured.
    const warm = new Map();
    if (o.warmupS > 0) {
      log(`warm-up ${o.warmupS} s`);
      await load({ url: gateway, path: '/v1/events', token: apiKey, body, connections: 16, rate: 200, durationS: o.warmupS, accepted: warm });
      const want = warm.size * o.endpoints;
      await until('warm-up delivered', async () => (await stats()).delivered >= want, 60_000);
      await until('warm-up logged', async () => (await attempts()).n >= (await stats()).requests - (await stats()).invalid, 60_000);
    }
    const before = { stats: await stats(), attempts: await attempts() };
    const writesBefore = await postgresWrites(db);

    log(`ceiling: autocannon → bare Node http server, ${o.ceilingS} s`);
    const ceiling = await load({ url: `http://127.0.0.1:${bare.port}`, body, connections: o.connections, rate: 0, durationS: o.ceilingS });

    const pids = {};
    if (stack) for (const s of SERVICES) pids[s] = stack.children.get(s)?.pid;
    const broker = brokerPid(process.env.FASTGEN_STATE_DIR ?? STATE_DIR);
    if (broker) pids.kafka = broker;
    if (postgresPids().length > 0) pids.postgres = postgresPids;
    pids.receiver = receiver.child.pid;
    pids['bench (autocannon)'] = process.pid;
    const sampler = new ProcSampler(pids, Math.max(500, Math.min(5_000, o.durationS * 100)));

    log(`load: ${o.rate > 0 ? `${o.rate}/s` : 'max rate'}, ${o.connections} connections, ${o.durationS} s, ${o.endpoints} endpoint(s)${o.failRate ? `, receiver failing ${o.failRate * 100} %` : ''}`);
    const accepted = new Map();
    sampler.start();
    const loadStart = Date.now();
    const api = await load({ url: gateway, path: '/v1/events', token: apiKey, body, connections: o.connections, rate: o.rate, durationS: o.durationS, accepted });
    const loadEnd = Date.now();
    const atEnd = { stats: await stats(), attempts: await attempts() };
    const procs = sampler.stop();

    log(`draining: waiting for ${accepted.size * o.endpoints} deliveries and their attempt records`);
    const want = accepted.size * o.endpoints;
    await ask(receiver.child, 'expect', { ids: [...accepted.keys()] }, 'expect-ok');
    // Delivery and logging are judged on the accepted ids only (see receiver.mjs on requests cut
    // off at the end of the load): a temporary table of them lets Postgres count their attempts.
    await db.query('create temp table bench_accepted (id uuid primary key)');
    await db.query('insert into bench_accepted select unnest($1::uuid[])', [[...accepted.keys()]]);
    const acceptedAttempts = async () => {
      const { rows } = await db.query(
        `select count(*)::int as n, count(*) filter (where succeeded)::int as ok from log.attempts a join bench_accepted b on b.id = a.message_id where a.project_id = $1`,
        [projectId],
      );
      return rows[0];
    };
    const allDelivered = await until('delivered', async () => (await stats()).expectedDelivered >= want, o.drainS * 1000, 500);
    const drainedAt = Date.now();
    const allLogged = await until('logged', async () => (await acceptedAttempts()).n >= (await stats()).expectedRequests, 60_000, 500);
    const after = { stats: await stats(), attempts: await attempts(), accepted: await acceptedAttempts() };
    // Every write the load caused, drain included (the counters lag by up to a second: read last).
    await delay(1_500);
    const writes = perDelivery(writesBefore, await postgresWrites(db), Math.max(1, after.stats.requests - before.stats.requests));
    // Attempts that never reached the receiver (connection errors, timeouts) are logged but not
    // received: the report names what those attempts were.
    const { rows: unreceived } = await db.query(
      `select coalesce(error, 'HTTP ' || response_status) as outcome, count(*)::int as n from log.attempts a join bench_accepted b on b.id = a.message_id
        where a.project_id = $1 and not a.succeeded group by 1 order by 2 desc limit 10`,
      [projectId],
    );

    const { keys, times } = await ask(receiver.child, 'receipts');
    const latencies = [];
    let inWindow = 0;
    for (let i = 0; i < keys.length; i++) {
      const acceptedAt = accepted.get(idOf(keys[i]));
      if (acceptedAt === undefined) continue;
      // The receipt can precede the 202 reaching the client by a hair; that is 0, not negative.
      latencies.push(Math.max(0, times[i] - acceptedAt));
      if (times[i] <= loadEnd) inWindow++;
    }
    latencies.sort((a, b) => a - b);
    const windowS = (loadEnd - loadStart) / 1000;
    const loggedInWindow = atEnd.attempts.ok - before.attempts.ok;
    const receivedAttempts = after.stats.expectedRequests;
    const loggedAttempts = after.accepted.n;
    // Delivered ids the load generator never saw accepted, warm-up aside: requests cut off at the end.
    const unacknowledged = new Set(keys.map(idOf).filter((id) => !accepted.has(id) && !warm.has(id))).size;
    const deliveredTotal = Math.min(latencies.length, after.accepted.ok);

    const report = {
      scenario: name,
      what: o.what,
      at: new Date(loadStart).toISOString(),
      machine: { cpus: os.cpus().length, loadavg_1m: round(os.loadavg()[0], 2), node: process.version },
      settings: { rate: o.rate || 'max', connections: o.connections, duration_s: o.durationS, endpoints: o.endpoints, fail_rate: o.failRate, body_bytes: Buffer.byteLength(body), stack: external ? 'external' : 'isolated' },
      ceiling: { per_s: ceiling.per_s, p50_ms: ceiling.p50_ms, p99_ms: ceiling.p99_ms },
      api: { accepted: api.ok, accepted_per_s: api.per_s, non2xx: api.non2xx, errors: api.errors, timeouts: api.timeouts, p50_ms: api.p50_ms, p99_ms: api.p99_ms, max_ms: api.max_ms, ratio_to_ceiling: round(api.per_s / ceiling.per_s, 3) },
      delivery: {
        expected: want,
        delivered: deliveredTotal,
        all_delivered: allDelivered,
        // Received with a valid signature while the load ran, capped by the attempts already logged then.
        delivered_per_s: round(Math.min(inWindow, loggedInWindow) / windowS, 0),
        delivered_per_s_incl_drain: round(deliveredTotal / ((Math.max(drainedAt, loadEnd) - loadStart) / 1000), 0),
        drain_s: round((drainedAt - loadEnd) / 1000, 1),
        ratio_to_ceiling: round(Math.min(inWindow, loggedInWindow) / windowS / ceiling.per_s, 3),
        e2e_p50_ms: percentile(latencies, 0.5),
        e2e_p99_ms: percentile(latencies, 0.99),
        e2e_max_ms: latencies.at(-1) ?? null,
        invalid_signatures: after.stats.invalid - before.stats.invalid,
        duplicates: after.stats.duplicates - before.stats.duplicates,
        failed_on_purpose: after.stats.failedOnPurpose - before.stats.failedOnPurpose,
        attempts_received: receivedAttempts,
        attempts_logged: loggedAttempts,
        every_attempt_logged: allLogged && loggedAttempts === receivedAttempts,
        unacknowledged_events: unacknowledged,
        failed_attempts_by_outcome: Object.fromEntries(unreceived.map((r) => [r.outcome, r.n])),
      },
      postgres_per_delivery: writes,
      processes: procs,
      profiles: profDir,
    };

    fs.mkdirSync(o.resultsDir, { recursive: true });
    const file = path.join(o.resultsDir, `${name}-${new Date(loadStart).toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(o.resultsDir, `${name}-latest.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(table(report));
    console.log(`\nreport: ${path.relative(process.cwd(), file)}`);
    return { ...report, file: path.basename(file) };
  } finally {
    await cleanup();
  }
}

/** WAL position (the whole server) and row writes per table of the stack's database. */
export async function postgresWrites(db) {
  const [{ lsn }] = (await db.query('select pg_current_wal_lsn()::text as lsn')).rows;
  const { rows } = await db.query(
    `select schemaname || '.' || relname as name, n_tup_ins::bigint as ins, n_tup_upd::bigint as upd, n_tup_hot_upd::bigint as hot, n_tup_del::bigint as del
     from pg_stat_user_tables where schemaname not like 'pg_temp%'`,
  );
  return { lsn, tables: Object.fromEntries(rows.map((r) => [r.name, { ins: Number(r.ins), upd: Number(r.upd), hot: Number(r.hot), del: Number(r.del) }])) };
}

const lsnBytes = (lsn) => {
  const [hi, lo] = lsn.split('/').map((x) => BigInt(`0x${x}`));
  return (hi << 32n) + lo;
};

/** Row writes and WAL bytes per delivery (HTTP request received) between two snapshots. */
export function perDelivery(before, after, deliveries) {
  const tables = {};
  let rows = 0;
  for (const [name, t] of Object.entries(after.tables)) {
    const b = before.tables[name] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
    const d = { ins: t.ins - b.ins, upd: t.upd - b.upd, hot: t.hot - b.hot, del: t.del - b.del };
    if (d.ins + d.upd + d.del === 0) continue;
    tables[name] = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, round(v / deliveries, 2)]));
    rows += d.ins + d.upd + d.del;
  }
  return { deliveries, row_writes: round(rows / deliveries, 2), wal_bytes: Math.round(Number(lsnBytes(after.lsn) - lsnBytes(before.lsn)) / deliveries), tables };
}

export function table(r) {
  const d = r.delivery;
  const rows = [
    ['ceiling: autocannon → bare Node http', `${r.ceiling.per_s}/s`, `p50 ${r.ceiling.p50_ms} ms, p99 ${r.ceiling.p99_ms} ms`, '1.00'],
    ['accepted (POST /v1/events → 202)', `${r.api.accepted_per_s}/s`, `p50 ${r.api.p50_ms} ms, p99 ${r.api.p99_ms} ms, non-2xx ${r.api.non2xx}, errors ${r.api.errors}`, r.api.ratio_to_ceiling?.toFixed(3)],
    ['delivered (valid signature + logged)', `${d.delivered_per_s}/s`, `${d.delivered}/${d.expected} delivered, drain ${d.drain_s} s, ${d.attempts_logged}/${d.attempts_received} attempts logged${d.unacknowledged_events ? `, ${d.unacknowledged_events} cut-off events also delivered` : ''}`, d.ratio_to_ceiling?.toFixed(3)],
    ['end-to-end (202 → receipt)', '', `p50 ${d.e2e_p50_ms} ms, p99 ${d.e2e_p99_ms} ms, max ${d.e2e_max_ms} ms`, ''],
    ...(r.postgres_per_delivery ? [['Postgres per delivery', '', `${r.postgres_per_delivery.row_writes} row writes, ${r.postgres_per_delivery.wal_bytes} B of WAL`, '']] : []),
  ];
  const procRows = Object.entries(r.processes).map(([n, p]) =>
    p?.pids ? [n, `${p.cpu_pct} % CPU`, `${p.cpu_s} s CPU over ${p.pids} processes`, ''] :
    p ? [n, `${p.cpu_pct} % CPU`, `${p.cpu_s} s CPU, peak RSS ${p.peak_rss_mib} MiB, RSS ${p.rss_start_mib}→${p.rss_end_mib} MiB${p.rss_growth_pct === null ? '' : ` (${p.rss_growth_pct > 0 ? '+' : ''}${p.rss_growth_pct} %)`}`, ''] : [n, 'gone', '', ''],
  );
  const all = [['measure', 'rate', 'detail', '÷ ceiling'], ...rows, ['', '', '', ''], ['process (during load)', 'CPU', '', ''], ...procRows];
  const w = [0, 1, 2, 3].map((i) => Math.max(...all.map((row) => String(row[i] ?? '').length)));
  const line = (row) => row.map((c, i) => String(c ?? '').padEnd(w[i])).join(' | ');
  const head = `${r.scenario}: ${r.what} — ${r.settings.duration_s} s, ${r.settings.connections} connections, ${r.machine.cpus} CPUs, load avg ${r.machine.loadavg_1m}`;
  return [head, line(all[0]), w.map((x) => '-'.repeat(x)).join('-|-'), ...all.slice(1).map(line)].join('\n');
}

/**
 * The scenarios that answer "how fast, against the goals": each runs on its own fresh stack with
 * its own ceiling, then one table gives every goal beside its figure (docs/performance.md).
 */
export const SUITE = [
  { scenario: 'max', measure: '1 endpoint, as fast as accepted: delivered/s', figure: (r) => `${r.delivery.delivered_per_s}/s`, met: (r) => r.delivery.delivered_per_s >= 3_000, goal: '≥ 3,000' },
  { scenario: 'fanout', measure: '10 endpoints per event: deliveries/s', figure: (r) => `${r.delivery.delivered_per_s}/s`, met: (r) => r.delivery.delivered_per_s >= 6_000, goal: '≥ 6,000' },
  { scenario: 'steady500', measure: '500 events/s fixed: end-to-end p50 / p99', figure: (r) => `${r.delivery.e2e_p50_ms} / ${r.delivery.e2e_p99_ms} ms`, met: (r) => r.delivery.e2e_p50_ms <= 5 && r.delivery.e2e_p99_ms <= 30, goal: '≤ 5 / ≤ 30 ms' },
  { scenario: 'steady', measure: '1,000 events/s fixed: accept p50 / p99', figure: (r) => `${r.api.p50_ms} / ${r.api.p99_ms} ms`, met: (r) => r.api.p50_ms <= 3 && r.api.p99_ms <= 20, goal: '≤ 3 / ≤ 20 ms' },
  { scenario: 'steady', measure: '1,000 events/s fixed: end-to-end p50 / p99', figure: (r) => `${r.delivery.e2e_p50_ms} / ${r.delivery.e2e_p99_ms} ms`, met: (r) => r.delivery.e2e_p50_ms <= 10 && r.delivery.e2e_p99_ms <= 60, goal: '≤ 10 / ≤ 60 ms' },
];

async function runSuite() {
  const reports = {};
  for (const name of [...new Set(SUITE.map((row) => row.scenario))]) reports[name] = await runBench(name);
  const rows = SUITE.map((row) => {
    const r = reports[row.scenario];
    return { scenario: row.scenario, measure: row.measure, figure: row.figure(r), goal: row.goal, met: row.met(r), ceiling_per_s: r.ceiling.per_s, every_attempt_logged: r.delivery.every_attempt_logged };
  });
  const o = options('max');
  const summary = { at: new Date().toISOString(), machine: reports.max.machine, rows, reports: Object.fromEntries(Object.entries(reports).map(([n, r]) => [n, r.file])) };
  fs.mkdirSync(o.resultsDir, { recursive: true });
  fs.writeFileSync(path.join(o.resultsDir, 'suite-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const all = [['measure', 'figure', 'goal', 'met', 'ceiling (same run)'], ...rows.map((x) => [x.measure, x.figure, x.goal, x.met ? 'yes' : 'no', `${x.ceiling_per_s}/s`])];
  const w = [0, 1, 2, 3, 4].map((i) => Math.max(...all.map((row) => String(row[i]).length)));
  const line = (row) => row.map((c, i) => String(c).padEnd(w[i])).join(' | ');
  console.log(`\nsuite — ${new Date().toISOString()}\n${line(all[0])}\n${w.map((x) => '-'.repeat(x)).join('-|-')}\n${all.slice(1).map(line).join('\n')}`);
  return summary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) {
    console.error(`usage: npm run bench -- <scenario>\n${Object.entries(SCENARIOS).map(([n, s]) => `  ${n.padEnd(9)} ${s.what}, ${s.durationS} s`).join('\n')}\n  suite     max, fanout, steady500 and steady in turn, each on a fresh stack: the goals table`);
    process.exit(2);
  }
  const run = name === 'noisy' ? import('./noisy.mjs').then((m) => m.runNoisy()) : name === 'suite' ? runSuite() : runBench(name);
  run.then(
    () => process.exit(0),
    (err) => {
      console.error(`[bench] ${err.stack ?? err.message}`);
      process.exit(1);
    },
  );
}
