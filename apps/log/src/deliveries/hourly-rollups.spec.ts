import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CreateIncomingRequests1764200000000 } from '../migrations/1764200000000-create-incoming-requests';
import { CreateDeliveryLog1764300000000 } from '../migrations/1764300000000-create-delivery-log';
import { CreateHourlyRollups1764400000000 } from '../migrations/1764400000000-create-hourly-rollups';
import {
  deliveryStats,
  deliveryStatsRollup,
  endpointHealth,
} from './log-queries';

// Medium tier: the rollup triggers against a real Postgres, in a scratch database of their own.
const url = process.env['DATABASE_URL'];
const suite = url ? describe : describe.skip;
if (!url) console.warn('SKIPPED hourly rollups: DATABASE_URL is not set');

const P = randomUUID();
const E1 = randomUUID();
const E2 = randomUUID();
const H = (h: number, m = 0) =>
  new Date(Date.UTC(2026, 0, 5, h, m)).toISOString();

// The shape of the log writer's delivery upsert: the state moves forward, insert or update.
const upsertDeliveries = (
  db: Client,
  rows: {
    id: string;
    endpoint: string;
    status: string;
    created: string;
    n: number;
  }[],
) =>
  db.query(
    `insert into log.deliveries as d (id, project_id, environment, message_id, endpoint_id, event, status, attempts, last_attempt_number, last_attempt_at, created_at)
     select r.id, $2, 'development', r.id, r.endpoint, 'order.paid', r.status, r.n, r.n, r.created, r.created
     from jsonb_to_recordset($1::jsonb) as r(id uuid, endpoint uuid, status text, created timestamptz, n int)
     order by r.id
     on conflict (id) do update set status = excluded.status, attempts = excluded.attempts, last_attempt_number = excluded.last_attempt_number
     where excluded.last_attempt_number > d.last_attempt_number`,
    [JSON.stringify(rows), P],
  );

const insertAttempts = (
  db: Client,
  rows: {
    endpoint: string;
    at: string;
    status: number | null;
    ok: boolean;
    error?: string;
  }[],
) =>
  db.query(
    `insert into log.attempts (id, delivery_id, message_id, endpoint_id, project_id, environment, event, attempt_number, trigger, started_at, duration_ms,
       url, request_headers, response_status, response_headers, response_body, error, succeeded, delivery_status)
     select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), r.endpoint, $2, 'development', 'order.paid', 1, 'scheduled', r.at, 1,
       'https://x.example', '{}', r.status, '{}', '', r.error, r.ok, 'succeeded'
     from jsonb_to_recordset($1::jsonb) as r(endpoint uuid, at timestamptz, status smallint, ok boolean, error text)`,
    [JSON.stringify(rows), P],
  );

suite('hourly rollups (real Postgres)', () => {
  const dbName = `fastgen_rollup_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  const connections: Client[] = [];
  let db: Client;

  const connect = async (): Promise<Client> => {
    const u = new URL(url!);
    u.pathname = `/${dbName}`;
    const c = new Client({ connectionString: u.toString() });
    await c.connect();
    connections.push(c);
    return c;
  };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    db = await connect();
    await db.query('create schema log');
    const runner = { query: (sql: string) => db.query(sql) } as never;
    await new CreateIncomingRequests1764200000000().up(runner);
    await new CreateDeliveryLog1764300000000().up(runner);
    await new CreateHourlyRollups1764400000000().up(runner);
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
    await admin
      .query(`drop database if exists "${dbName}" with (force)`)
      .catch(() => undefined);
    await admin.end();
  });

  const chart = async (
    source: 'raw' | 'rollup',
    bucketSeconds: number,
    endpoint_id?: string,
  ) => {
    const f = {
      project_id: P,
      environment: 'development',
      since: H(0),
      until: H(23),
      bucketSeconds,
      endpoint_id,
    };
    const s = source === 'raw' ? deliveryStats(f) : deliveryStatsRollup(f);
    const { rows } = await db.query(s.text, s.values);
    return rows
      .map((r) => `${new Date(r.bucket).toISOString()} ${r.status} ${r.n}`)
      .sort();
  };

  it('counts deliveries like the raw query through inserts, status changes, replays and deletes', async () => {
    const d = Array.from({ length: 6 }, () => randomUUID());
    await upsertDeliveries(db, [
      { id: d[0]!, endpoint: E1, status: 'retrying', created: H(9, 10), n: 1 },
      { id: d[1]!, endpoint: E1, status: 'succeeded', created: H(9, 50), n: 1 },
      { id: d[2]!, endpoint: E2, status: 'retrying', created: H(10, 5), n: 1 },
      { id: d[3]!, endpoint: E2, status: 'pending', created: H(14, 0), n: 1 },
    ]);
    // Insert and update in one statement; a replayed older attempt changes nothing.
    await upsertDeliveries(db, [
      { id: d[0]!, endpoint: E1, status: 'succeeded', created: H(9, 10), n: 2 },
      { id: d[2]!, endpoint: E2, status: 'failed', created: H(10, 5), n: 8 },
      { id: d[4]!, endpoint: E1, status: 'failed', created: H(14, 30), n: 1 },
      { id: d[1]!, endpoint: E1, status: 'retrying', created: H(9, 50), n: 0 },
    ]);
    await db.query(`delete from log.deliveries where id = $1`, [d[3]]);

    expect(await chart('rollup', 3600)).toEqual(await chart('raw', 3600));
    expect(await chart('rollup', 86400)).toEqual(await chart('raw', 86400));
    expect(await chart('rollup', 3600, E2)).toEqual(
      await chart('raw', 3600, E2),
    );
    expect(await chart('rollup', 3600)).toEqual([
      `${H(9)} succeeded 2`,
      `${H(10)} failed 1`,
      `${H(14)} failed 1`,
    ]);
  });

  it('keeps counts exact when writers upsert the same hours concurrently', async () => {
    const writers = await Promise.all([connect(), connect(), connect()]);
    const ids = Array.from({ length: 60 }, () => randomUUID());
    await Promise.all(
      writers.map(async (w, i) => {
        for (let round = 1; round <= 3; round++) {
          await w.query('begin');
          await upsertDeliveries(
            w,
            ids
              .filter((_, k) => k % 3 === i)
              .map((id, k) => ({
                id,
                endpoint: k % 2 ? E1 : E2,
                status: round === 3 ? 'succeeded' : 'retrying',
                created: H(16, k),
                n: round,
              })),
          );
          await w.query('commit');
        }
      }),
    );
    expect(await chart('rollup', 3600)).toEqual(await chart('raw', 3600));
    expect(await chart('rollup', 3600)).toContain(`${H(16)} succeeded 60`);
  });

  it('gives each endpoint its attempts, successes and latest attempt since a time', async () => {
    await insertAttempts(db, [
      { endpoint: E1, at: H(11, 0), status: 200, ok: true },
      { endpoint: E1, at: H(12, 30), status: 503, ok: false },
      { endpoint: E1, at: H(12, 10), status: 200, ok: true },
    ]);
    await insertAttempts(db, [
      {
        endpoint: E2,
        at: H(12, 0),
        status: null,
        ok: false,
        error: 'connection refused',
      },
    ]);
    const s = endpointHealth({
      project_id: P,
      environment: 'development',
      since: H(10, 30),
    });
    const { rows } = await db.query(s.text, s.values);
    const byId = new Map(rows.map((r) => [r.endpoint_id, r]));
    expect(byId.get(E1)).toMatchObject({
      attempts: 3,
      succeeded: 2,
      last_response_status: 503,
      last_succeeded: false,
    });
    expect(new Date(byId.get(E1).last_attempt_at).toISOString()).toBe(
      H(12, 30),
    );
    expect(byId.get(E2)).toMatchObject({
      attempts: 1,
      succeeded: 0,
      last_error: 'connection refused',
    });
  });

  it('reverts cleanly', async () => {
    const runner = { query: (sql: string) => db.query(sql) } as never;
    await new CreateHourlyRollups1764400000000().down(runner);
    const { rows } = await db.query(
      `select to_regclass('log.delivery_stats_hourly') as t`,
    );
    expect(rows[0].t).toBeNull();
    await upsertDeliveries(db, [
      {
        id: randomUUID(),
        endpoint: E1,
        status: 'pending',
        created: H(1),
        n: 1,
      },
    ]);
    await new CreateHourlyRollups1764400000000().up(runner);
  });
});
