// Benchmark of the delivery-log list queries at 1,000,000 attempts.
//   node -r @swc-node/register tools/bench/log-queries.ts   (DATABASE_URL defaults to the local one)
// Creates a scratch database, applies the log service's own migrations, loads 1M attempts (+ their
// deliveries and messages) with generate_series, then times each filter through the same SQL
// builder the service uses (apps/log/src/deliveries/log-queries.ts), prints p50/p99 and the
// EXPLAIN plan of each, and drops the scratch database.
import { Client } from 'pg';
import { withScratchDatabase } from './scratch-db';
import { CreateIncomingRequests1764200000000 } from '../../apps/log/src/migrations/1764200000000-create-incoming-requests';
import { CreateDeliveryLog1764300000000 } from '../../apps/log/src/migrations/1764300000000-create-delivery-log';
import { CreateHourlyRollups1764400000000 } from '../../apps/log/src/migrations/1764400000000-create-hourly-rollups';
import { decodeCursor, deliveriesPage, deliveryStats, deliveryStatsRollup, encodeCursor, endpointHealth, type DeliveryFilters, type Statement } from '../../apps/log/src/deliveries/log-queries';

const ATTEMPTS = Number(process.env['BENCH_ATTEMPTS'] ?? 1_000_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 60);
const TARGET_MS = 50;
const ROLLUPS = process.env['BENCH_ROLLUPS'] !== '0';
const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://fastgen:fastgen@127.0.0.1:5432/fastgen';

const P = '00000000-0000-4000-8000-00000000000a'; // the big tenant the queries run for
const Q = '00000000-0000-4000-8000-00000000000b';

async function main(): Promise<void> {
  await withScratchDatabase(adminUrl, run);
}

async function run(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  try {
    await db.connect();
    await db.query('create schema log');
    const runner = { query: (sql: string) => db.query(sql) } as never;
    await new CreateIncomingRequests1764200000000().up(runner);
    await new CreateDeliveryLog1764300000000().up(runner);
    // The rollup triggers are in place before the load, so the load pays for them as the log writer
    // does; BENCH_ROLLUPS=0 loads without them (to measure their write cost; load time only).
    if (ROLLUPS) await new CreateHourlyRollups1764400000000().up(runner);
    const loadStarted = performance.now();
    await load(db);
    console.log(`loaded ${ATTEMPTS.toLocaleString()} attempts in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    const sizes = await db.query(
      `select (select count(*) from log.attempts) attempts, (select count(*) from log.deliveries) deliveries, (select count(*) from log.messages) messages,
              (select count(*) from log.deliveries where project_id = $1 and environment = 'development') in_scope`,
      [P],
    );
    console.log(sizes.rows[0]);
    if (ROLLUPS) await report(db);
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function load(db: Client): Promise<void> {
  const deliveries = Math.ceil(ATTEMPTS / 3);
  const messages = Math.ceil(deliveries / 1.6);
  // Message m: 70 % in (P, development), 20 % in (P, production), 10 % in (Q, development); 10 event names.
  await db.query(
    `insert into log.messages (id, project_id, environment, event, payload, created_at, source)
     select md5('m' || m)::uuid,
            case when m % 10 = 9 then $2::uuid else $1::uuid end,
            case when m % 10 in (7, 8) then 'production' else 'development' end,
            'event.' || (m / 10 % 10), jsonb_build_object('n', m, 'text', 'payload of message ' || m),
            now() - ((${messages} - m) * interval '11 seconds'), 'api'
     from generate_series(1, ${messages}) m`,
    [P, Q],
  );
  // Delivery d belongs to message ((d - 1) % messages) + 1, so messages have one or two endpoints.
  await db.query(
    `insert into log.deliveries (id, project_id, environment, message_id, endpoint_id, event, status, attempts, last_attempt_number,
       last_attempt_at, next_attempt_at, last_response_status, created_at, updated_at)
     select md5('d' || d)::uuid, m.project_id, m.environment, m.id, md5('e' || (d % 20))::uuid, m.event,
            s.status, 3, 3, m.created_at + interval '15 seconds',
            case when s.status = 'retrying' then now() + interval '5 minutes' end,
            case s.status when 'succeeded' then 200 when 'retrying' then 503 when 'failed' then (case when d % 2 = 0 then 500 else 410 end) end,
            m.created_at + (d % 7) * interval '1 millisecond', m.created_at + interval '15 seconds'
     from generate_series(1, ${deliveries}) d
     join log.messages m on m.id = md5('m' || ((d - 1) % ${messages} + 1))::uuid
     cross join lateral (select case when d % 100 < 80 then 'succeeded' when d % 100 < 90 then 'retrying' when d % 100 < 97 then 'failed' else 'pending' end as status) s`,
  );
  await db.query(
    `insert into log.attempts (id, delivery_id, message_id, endpoint_id, project_id, environment, event, attempt_number, trigger, started_at,
       duration_ms, url, request_headers, response_status, response_headers, response_body, error, succeeded, delivery_status, next_attempt_at)
     select md5('a' || d.id || k)::uuid, d.id, d.message_id, d.endpoint_id, d.project_id, d.environment, d.event, k, 'scheduled',
            d.created_at + k * interval '5 seconds', 40 + k, 'https://receiver.example/hooks',
            '{"content-type":"application/json","webhook-signature":"[redacted]","x-fastgen-signature":"[redacted]"}',
            case when k = 3 then d.last_response_status else 503 end, '{}', case when k = 3 then 'ok' else 'unavailable' end, null,
            k = 3 and d.status = 'succeeded', d.status, null
     from log.deliveries d cross join generate_series(1, 3) k
     limit ${ATTEMPTS}`,
  );
  await db.query('vacuum analyze log.messages');
  await db.query('vacuum analyze log.deliveries');
  await db.query('vacuum analyze log.attempts');
  if (!ROLLUPS) return;
  await db.query('vacuum analyze log.delivery_stats_hourly');
  await db.query('vacuum analyze log.endpoint_delivery_stats_hourly');
  await db.query('vacuum analyze log.endpoint_attempts_hourly');
}

async function report(db: Client): Promise<void> {
  const scope = { project_id: P, environment: 'development', limit: 50 };
  const endpoint = '' + (await db.query(`select md5('e' || 3)::uuid as id`)).rows[0].id;
  const message = (await db.query(`select message_id from log.deliveries where project_id = $1 and environment = 'development' limit 1 offset 5000`, [P])).rows[0]
    .message_id as string;
  const mid = (await db.query(`select created_at::text as t, id from log.deliveries where project_id = $1 and environment = 'development' order by created_at desc, id desc offset $2 limit 1`, [P, Math.min(100_000, Math.floor(ATTEMPTS / 10))])).rows[0];
  const deep = decodeCursor(encodeCursor({ t: mid.t, id: mid.id }));
  const since = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString();
  const until = new Date(Date.now() - 9 * 24 * 3600 * 1000).toISOString();

  const cases: [string, Partial<DeliveryFilters>][] = [
    ['no filter (first page)', {}],
    ['status=failed', { status: 'failed' }],
    ['status=pending', { status: 'pending' }],
    ['event=event.3', { event: 'event.3' }],
    ['endpoint_id', { endpoint_id: endpoint }],
    ['message_id', { message_id: message }],
    ['response_status=410', { response_status: 410 }],
    ['since+until (1 day window, 10 days back)', { since, until }],
    ['since only', { since }],
    ['until only (old rows)', { until }],
    ['deep page (cursor 100k rows in)', { cursor: deep }],
    ['status=failed + event', { status: 'failed', event: 'event.3' }],
    ['endpoint_id + status=pending', { endpoint_id: endpoint, status: 'pending' }],
    ['event + response_status=410', { event: 'event.1', response_status: 410 }],
    ['status=retrying + since/until', { status: 'retrying', since, until }],
    ['endpoint + event + response_status=503 + cursor', { endpoint_id: endpoint, event: 'event.3', response_status: 503, cursor: deep }],
  ];
  const rows: { query: string; p50: number; p99: number; rows: number; ok: boolean }[] = [];
  for (const [name, filters] of cases) {
    const s = deliveriesPage({ ...scope, ...filters } as DeliveryFilters);
    rows.push({ query: name, ...(await time(db, s)) });
    await explain(db, name, s);
  }
  const stats = deliveryStats({ project_id: P, environment: 'development', since: new Date(Date.now() - 24 * 3600 * 1000).toISOString(), until: new Date().toISOString(), bucketSeconds: 3600 });
  rows.push({ query: 'stats: 24 h in 1 h buckets', ...(await time(db, stats)) });
  await explain(db, 'stats: 24 h in 1 h buckets', stats);
  const statsMonth = deliveryStats({ project_id: P, environment: 'development', since: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(), until: new Date().toISOString(), bucketSeconds: 86400 });
  rows.push({ query: 'stats: 30 d in 1 d buckets, raw (all rows of the tenant)', ...(await time(db, statsMonth)) });
  // What the log service runs for buckets of an hour or more: the hourly rollup.
  for (const [label, since, bucketSeconds] of [
    ['24 h in 1 h buckets', new Date(Date.now() - 24 * 3600 * 1000).toISOString(), 3600],
    ['7 d in 6 h buckets', new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString(), 21600],
    ['30 d in 1 d buckets', new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(), 86400],
  ] as const) {
    const s = deliveryStatsRollup({ project_id: P, environment: 'development', since, until: new Date().toISOString(), bucketSeconds });
    rows.push({ query: `stats from rollup: ${label}`, ...(await time(db, s)) });
    await explain(db, `stats from rollup: ${label}`, s);
  }
  const byEndpoint = deliveryStatsRollup({ project_id: P, environment: 'development', since: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(), until: new Date().toISOString(), bucketSeconds: 86400, endpoint_id: endpoint });
  rows.push({ query: 'stats from rollup: 30 d in 1 d buckets, one endpoint', ...(await time(db, byEndpoint)) });
  const health = endpointHealth({ project_id: P, environment: 'development', since: new Date(Date.now() - 24 * 3600 * 1000).toISOString() });
  rows.push({ query: 'endpoint health: 24 h, every endpoint', ...(await time(db, health)) });
  await explain(db, 'endpoint health: 24 h, every endpoint', health);
  console.log('\nlatency per query (ms), ' + RUNS + ' runs each, target < ' + TARGET_MS + ' ms:');
  console.table(rows.map((r) => ({ ...r, p50: r.p50.toFixed(2), p99: r.p99.toFixed(2) })));
}

async function time(db: Client, s: Statement): Promise<{ p50: number; p99: number; rows: number; ok: boolean }> {
  let count = 0;
  for (let i = 0; i < 3; i++) await db.query(s.text, s.values); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    count = (await db.query(s.text, s.values)).rowCount ?? 0;
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length * 0.5)]!;
  const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]!;
  return { p50, p99, rows: count, ok: p99 < TARGET_MS };
}

async function explain(db: Client, name: string, s: Statement): Promise<void> {
  const plan = await db.query(`explain (analyze, buffers, costs off) ${s.text}`, s.values);
  console.log(`\n--- ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
