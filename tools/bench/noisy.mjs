// `npm run bench -- noisy`: one tenant's flood beside another tenant's trickle. Project A publishes
// as fast as the API accepts to 10 endpoints (8 healthy, one that never answers, one refusing
// connections); project B sends 50 events/s to one healthy endpoint of its own. A runs alone
// first, then with B: the report gives A's delivered/s in both phases and B's end-to-end latency
// while A's flood and backlog are there. Knobs: BENCH_DURATION_S (each phase), BENCH_CONNECTIONS
// (A's), BENCH_B_RATE, BENCH_NOISY_LIMITS=default (A under the default admission limits instead of
// lifted ones: the flood is then pushed back with 429).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ask, eventBody, idOf, load, options, percentile, provisionProject, startChild, startTarget, until } from './run.mjs';
import { round } from './proc-stats.mjs';

const HEALTHY_A = 8;

/** A loopback port nobody listens on: connections to it are refused. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Receipts of the given endpoint indexes between two times, per second. */
function ratePerS(receipts, indexes, from, to) {
  let n = 0;
  for (let i = 0; i < receipts.keys.length; i++) {
    const t = receipts.times[i];
    if (t < from || t > to) continue;
    const endpoint = Number(receipts.keys[i].slice(receipts.keys[i].indexOf(' ') + 1));
    if (indexes.has(endpoint)) n++;
  }
  return round(n / ((to - from) / 1000), 0);
}

export async function runNoisy() {
  const name = 'noisy';
  const o = options(name);
  const bRate = Number(process.env.BENCH_B_RATE ?? 50);
  const liftA = process.env.BENCH_NOISY_LIMITS !== 'default';
  const body = eventBody(o.payloadBytes);
  const log = (m) => console.error(`[bench ${name}] ${m}`);
  const cleanups = [];
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      while (cleanups.length) await cleanups.pop()().catch((e) => console.error(`cleanup: ${e.message}`));
    })());
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  try {
    const receiver = await startChild('receiver.mjs', {});
    cleanups.push(async () => receiver.child.kill());
    // B's endpoint is a server of its own, as it would be: sharing A's receiver process would put
    // B's requests in the queue of A's 900 a second there.
    const receiverB = await startChild('receiver.mjs', {});
    cleanups.push(async () => receiverB.child.kill());
    const bare = await startChild('bare-server.mjs', {});
    cleanups.push(async () => bare.child.kill());
    const { gateway, adminToken, databaseUrl } = await startTarget(name, o, log, cleanups);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());

    const base = `http://127.0.0.1:${receiver.port}`;
    const urlsA = [...Array.from({ length: HEALTHY_A }, (_, i) => `${base}/e/${i}`), `${base}/hang/a`, `http://127.0.0.1:${await closedPort()}/refused`];
    const a = await provisionProject(gateway, adminToken, { name: 'bench noisy A', urls: urlsA, ...(liftA ? {} : { limits: null }) });
    const b = await provisionProject(gateway, adminToken, { name: 'bench noisy B', urls: [`http://127.0.0.1:${receiverB.port}/e/0`] });
    await ask(receiver.child, 'secrets', { secrets: a.secrets.slice(0, HEALTHY_A) }, 'secrets-ok');
    await ask(receiverB.child, 'secrets', { secrets: b.secrets }, 'secrets-ok');

    if (o.warmupS > 0) {
      log(`warm-up ${o.warmupS} s`);
      const warm = new Map();
      await Promise.all([
        load({ url: gateway, path: '/v1/events', token: a.apiKey, body, connections: 8, rate: 100, durationS: o.warmupS, accepted: warm }),
        load({ url: gateway, path: '/v1/events', token: b.apiKey, body, connections: 2, rate: bRate, durationS: o.warmupS, accepted: warm }),
      ]);
    }

    log(`ceiling: autocannon → bare Node http server, ${o.ceilingS} s`);
    const ceiling = await load({ url: `http://127.0.0.1:${bare.port}`, body, connections: o.connections, rate: 0, durationS: o.ceilingS });

    log(`phase 1: A alone, max rate, ${o.connections} connections, ${o.durationS} s`);
    const aloneStart = Date.now();
    const aAlone = await load({ url: gateway, path: '/v1/events', token: a.apiKey, body, connections: o.connections, rate: 0, durationS: o.durationS, accepted: new Map() });
    const aloneEnd = Date.now();

    log(`phase 2: A as before, B at ${bRate}/s, ${o.durationS} s`);
    const acceptedB = new Map();
    const togetherStart = Date.now();
    const [aTogether, bApi] = await Promise.all([
      load({ url: gateway, path: '/v1/events', token: a.apiKey, body, connections: o.connections, rate: 0, durationS: o.durationS, accepted: new Map() }),
      load({ url: gateway, path: '/v1/events', token: b.apiKey, body, connections: 4, rate: bRate, durationS: o.durationS, accepted: acceptedB }),
    ]);
    const togetherEnd = Date.now();
    const { rows: backlogRows } = await db.query(
      `select count(*)::int as n from dispatcher.delivery_jobs where project_id = $1 and status in ('pending', 'retrying')`,
      [a.projectId],
    );

    // A's refusals as the incoming log holds them: folded (RefusalDigest), so a flood of 429s costs
    // a few rows a second rather than one per request.
    const refusalsLogged = async () =>
      (
        await db.query(`select count(*)::int as rows, coalesce(sum(1 + repeated), 0)::int as requests from log.incoming_requests where project_id = $1 and status = 429`, [a.projectId])
      ).rows[0];

    log(`waiting for B's ${acceptedB.size} deliveries`);
    await ask(receiverB.child, 'expect', { ids: [...acceptedB.keys()] }, 'expect-ok');
    const bAll = await until('B delivered', async () => (await ask(receiverB.child, 'stats')).counts.expectedDelivered >= acceptedB.size, o.drainS * 1000, 250);
    const receipts = await ask(receiver.child, 'receipts');
    const receiptsB = await ask(receiverB.child, 'receipts');
    const latencies = [];
    let bInWindow = 0;
    for (let i = 0; i < receiptsB.keys.length; i++) {
      const at = acceptedB.get(idOf(receiptsB.keys[i]));
      if (at === undefined) continue;
      latencies.push(Math.max(0, receiptsB.times[i] - at));
      if (receiptsB.times[i] <= togetherEnd) bInWindow++;
    }
    latencies.sort((x, y) => x - y);
    // Where B's time went, from the attempt log: accepted (the client's 202) → attempt started in
    // the dispatcher (intake, job insert, claim) → request received (send, receiver).
    const firstAttemptsOfB = async () =>
      (await db.query(`select count(*)::int as n from log.attempts where project_id = $1 and attempt_number = 1`, [b.projectId])).rows[0].n;
    await until("B's first attempts in the log", async () => (await firstAttemptsOfB()) >= acceptedB.size, 15_000, 250);
    const { rows: startedRows } = await db.query(
      `select message_id, (extract(epoch from started_at) * 1000)::float8 as started from log.attempts where project_id = $1 and attempt_number = 1`,
      [b.projectId],
    );
    const receivedB = new Map(receiptsB.keys.map((k, i) => [idOf(k), receiptsB.times[i]]));
    const toStart = [];
    const toReceipt = [];
    const startedAt = new Map();
    for (const { message_id: id, started } of startedRows) {
      const at = acceptedB.get(id);
      const got = receivedB.get(id);
      if (at === undefined || got === undefined) continue;
      startedAt.set(id, started);
      toStart.push(Math.max(0, started - at));
      toReceipt.push(Math.max(0, got - started));
    }
    // The tail itself: where the slowest 1 % of B's deliveries spent their time.
    const slowest = [...acceptedB]
      .filter(([id]) => receivedB.has(id))
      .map(([id, at]) => ({ id, at, e2e: receivedB.get(id) - at }))
      .sort((x, y) => y.e2e - x.e2e)
      .slice(0, Math.max(1, Math.ceil(acceptedB.size / 100)));
    const slowStart = slowest.filter((m) => startedAt.has(m.id)).map((m) => startedAt.get(m.id) - m.at).sort((x, y) => x - y);
    const slowReceipt = slowest.filter((m) => startedAt.has(m.id)).map((m) => receivedB.get(m.id) - startedAt.get(m.id)).sort((x, y) => x - y);
    toStart.sort((x, y) => x - y);
    toReceipt.sort((x, y) => x - y);
    const healthyA = new Set(Array.from({ length: HEALTHY_A }, (_, i) => i));
    const aloneRate = ratePerS(receipts, healthyA, aloneStart, aloneEnd);
    const togetherRate = ratePerS(receipts, healthyA, togetherStart, togetherEnd);
    const stats = (await ask(receiver.child, 'stats')).counts;
    const refusedA = aAlone.non2xx + aTogether.non2xx;
    await until('A\'s refusals in the incoming log', async () => (await refusalsLogged()).requests >= refusedA, 15_000, 250);
    const refusals = await refusalsLogged();

    const report = {
      scenario: name,
      what: `A floods 10 endpoints (8 healthy, 1 hanging, 1 refusing${liftA ? ', admission limits lifted' : ', default admission limits'}); B sends ${bRate}/s to 1 endpoint`,
      at: new Date(aloneStart).toISOString(),
      machine: { cpus: os.cpus().length, loadavg_1m: round(os.loadavg()[0], 2), node: process.version },
      settings: { connections_a: o.connections, rate_b: bRate, phase_s: o.durationS, body_bytes: Buffer.byteLength(body), a_limits: liftA ? 'lifted' : 'default' },
      ceiling: { per_s: ceiling.per_s, p50_ms: ceiling.p50_ms, p99_ms: ceiling.p99_ms },
      a: {
        alone: { accepted_per_s: aAlone.per_s, refused_429_or_other: aAlone.non2xx, delivered_per_s: aloneRate },
        with_b: { accepted_per_s: aTogether.per_s, refused_429_or_other: aTogether.non2xx, delivered_per_s: togetherRate },
        throughput_kept: aloneRate > 0 ? round(togetherRate / aloneRate, 3) : null,
        backlog_at_end: backlogRows[0].n,
        hung_requests: stats.hung,
        refusals_in_incoming_log: { rows: refusals.rows, requests_counted: refusals.requests },
      },
      b: {
        accepted: bApi.ok,
        not_accepted: { non2xx: bApi.non2xx, errors: bApi.errors, timeouts: bApi.timeouts },
        accept_p50_ms: bApi.p50_ms,
        accept_p99_ms: bApi.p99_ms,
        delivered_in_window: bInWindow,
        all_delivered: bAll,
        e2e_p50_ms: percentile(latencies, 0.5),
        e2e_p99_ms: percentile(latencies, 0.99),
        e2e_max_ms: latencies.at(-1) ?? null,
        hops_ms: {
          accepted_to_attempt_start: { p50: percentile(toStart, 0.5), p99: percentile(toStart, 0.99), max: toStart.at(-1) ?? null },
          attempt_start_to_received: { p50: percentile(toReceipt, 0.5), p99: percentile(toReceipt, 0.99), max: toReceipt.at(-1) ?? null },
        },
        slowest_1pct: {
          deliveries: slowest.length,
          e2e_min_ms: slowest.at(-1)?.e2e ?? null,
          first_attempt_logged: slowStart.length,
          accepted_to_attempt_start_p50_ms: percentile(slowStart, 0.5),
          attempt_start_to_received_p50_ms: percentile(slowReceipt, 0.5),
        },
      },
      goals: { b_e2e_p99_le_250_ms: (percentile(latencies, 0.99) ?? Infinity) <= 250, a_keeps_80_pct: aloneRate > 0 && togetherRate / aloneRate >= 0.8 },
    };
    fs.mkdirSync(o.resultsDir, { recursive: true });
    const file = path.join(o.resultsDir, `${name}-${report.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(o.resultsDir, `${name}-latest.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      [
        `${name}: ${report.what} — ${o.durationS} s per phase, ${os.cpus().length} CPUs`,
        `ceiling (bare Node http)        ${ceiling.per_s}/s`,
        `A alone                         accepted ${aAlone.per_s}/s (${aAlone.non2xx} refused), delivered ${aloneRate}/s to its healthy endpoints`,
        `A with B                        accepted ${aTogether.per_s}/s (${aTogether.non2xx} refused), delivered ${togetherRate}/s (${report.a.throughput_kept ?? '-'} of alone), backlog ${report.a.backlog_at_end}`,
        `A's refusals in the log         ${refusals.requests} requests in ${refusals.rows} rows`,
        `B (${bRate}/s)                       accepted ${bApi.ok} (${bApi.non2xx} non-2xx, ${bApi.errors} errors; p99 ${bApi.p99_ms} ms), end-to-end p50 ${report.b.e2e_p50_ms} ms, p99 ${report.b.e2e_p99_ms} ms, max ${report.b.e2e_max_ms} ms; ${bInWindow} delivered during the flood, all: ${bAll}`,
        `B's hops (p50 / p99 ms)         accepted → attempt started ${report.b.hops_ms.accepted_to_attempt_start.p50} / ${report.b.hops_ms.accepted_to_attempt_start.p99}; attempt started → received ${report.b.hops_ms.attempt_start_to_received.p50} / ${report.b.hops_ms.attempt_start_to_received.p99}`,
        `B's slowest 1 %                 ${report.b.slowest_1pct.deliveries} deliveries ≥ ${report.b.slowest_1pct.e2e_min_ms} ms: accepted → attempt started ${report.b.slowest_1pct.accepted_to_attempt_start_p50_ms}, attempt started → received ${report.b.slowest_1pct.attempt_start_to_received_p50_ms} ms (median; ${report.b.slowest_1pct.first_attempt_logged} with their first attempt logged)`,
        `goals                           B p99 ≤ 250 ms: ${report.goals.b_e2e_p99_le_250_ms}; A keeps ≥ 80 %: ${report.goals.a_keeps_80_pct}`,
      ].join('\n'),
    );
    console.log(`\nreport: ${path.relative(process.cwd(), file)}`);
    return report;
  } finally {
    await cleanup();
  }
}
