// Postgres bytes per delivery in the dispatcher's schedule (jobs, bodies, outbox, health).
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/delivery-storage.ts
// Creates a scratch database, applies the dispatcher's own migrations, and runs MESSAGES messages
// fanned out to ENDPOINTS endpoints each through the service's DeliveryStore: insert, claim, one
// successful attempt recorded with its outcome in the outbox, the outbox published (drained).
// Prints pg_total_relation_size of the schema per delivery, as left and after VACUUM FULL (the
// live footprint), then drops the scratch database.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { withScratchDatabase } from './scratch-db';
import { DeliveryStore, type NewJob } from '../../apps/dispatcher/src/delivery/delivery-store';
import { dispatcherDatabase } from '../../apps/dispatcher/src/database';
import type { DispatcherEnv } from '../../apps/dispatcher/src/dispatcher.env';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 2_000);
const ENDPOINTS = Number(process.env['BENCH_ENDPOINTS'] ?? 4);
const PAYLOAD_BYTES = Number(process.env['BENCH_PAYLOAD_BYTES'] ?? 1_024);
const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://fastgen:fastgen@127.0.0.1:5432/fastgen';

async function main(): Promise<void> {
  await withScratchDatabase(adminUrl, run);
}

async function run(url: string): Promise<void> {
  const settings = dispatcherDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: 4 } as DispatcherEnv);
  const db = new DataSource({ type: 'postgres', url, schema: settings.schema, migrations: settings.migrations as never, migrationsTableName: 'migrations' });
  try {
    await db.initialize();
    await db.query(`create schema ${settings.schema}`);
    await db.runMigrations();
    const store = new DeliveryStore(db);
    const endpoints = Array.from({ length: ENDPOINTS }, () => randomUUID());
    const project = randomUUID();
    const payload = { text: 'x'.repeat(PAYLOAD_BYTES) };
    for (let m = 0; m < MESSAGES; m += 100) {
      const jobs: NewJob[] = [];
      for (let i = m; i < Math.min(MESSAGES, m + 100); i++) {
        const messageId = randomUUID();
        const body = JSON.stringify({ event: 'bench.storage', id: messageId, payload });
        for (const e of endpoints) {
          const id = randomUUID();
          jobs.push({ id, delivery_id: id, trigger: 'scheduled', message_id: messageId, endpoint_id: e, project_id: project, environment: 'development', event: 'bench.storage', body, max_attempts: 8 });
        }
      }
      await store.insert(jobs);
    }
    let done = 0;
    for (;;) {
      const claimed = await store.claim({ limit: 500, perEndpoint: 500, caps: new Map(), busy: [], leaseMs: 60_000, owner: 'bench' });
      if (claimed.length === 0) break;
      await Promise.all(
        claimed.map((j) => {
          const outcome = { id: randomUUID(), delivery_id: j.delivery_id, message_id: j.message_id, response_body: 'ok', request_headers: { 'content-type': 'application/json', 'user-agent': 'Fastgen-Webhooks/0.1.0' } };
          return store.recordAttempt(j.id, 0, 'succeeded', null, 200, null, [{ id: outcome.id, topic: 'attempts', key: j.message_id, value: outcome }]);
        }),
      );
      done += claimed.length;
    }
    while ((await store.drainOutbox(500, async () => undefined)) > 0);
    const size = async () =>
      Number((await db.query(`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`, [settings.schema]))[0].n);
    const deliveries = MESSAGES * ENDPOINTS;
    const left = await size();
    await db.query(`vacuum full`);
    const live = await size();
    console.log(`${MESSAGES} messages x ${ENDPOINTS} endpoints = ${deliveries} deliveries (${done} attempts), payload ${PAYLOAD_BYTES} B`);
    console.log(`bytes per delivery: ${Math.round(left / deliveries)} as left, ${Math.round(live / deliveries)} after VACUUM FULL`);
  } finally {
    await db.destroy().catch(() => undefined);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
