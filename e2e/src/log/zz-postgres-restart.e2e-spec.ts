import { randomUUID } from 'node:crypto';
import { TOPICS, type AttemptOutcome, type WebhookMessage } from '@fastgen/contracts';
import { query } from '../support/db';
import { closeKafka, produce } from '../support/kafka';
import { aMessage, anAttempt } from '../support/log-records';
import { seedKey } from '../support/seed-keys';
import { control } from '../support/stack';
import { waitFor } from '../support/wait';

// Named zz- so it runs after the other log specs: it restarts the shared Postgres cluster.
// Records published while the database is away wait in Kafka; none may be lost.
afterAll(() => closeKafka());

it('loses no log record when Postgres restarts in the middle of a run', async () => {
  if (!(await control.ownsPostgres())) {
    console.warn('SKIPPED: this checkout did not start Postgres, so it may not restart it (CI does own it); the Postgres-restart durability test did not run');
    return;
  }
  const tenant = await seedKey('development');
  const messages: WebhookMessage[] = [];
  const attempts: AttemptOutcome[] = [];
  const publish = async (n: number) => {
    const ms = Array.from({ length: n }, () => aMessage(tenant, { event: 'pg.restart' }));
    const as = ms.map((m) => anAttempt(m, { endpoint_id: randomUUID() }));
    await produce(TOPICS.events.messages, ms.map((m) => ({ key: m.id, value: m })));
    await produce(TOPICS.dispatcher.attempts, as.map((a) => ({ key: a.message_id, value: a })));
    messages.push(...ms);
    attempts.push(...as);
  };
  await publish(100);
  const restarting = control.restartPostgres();
  await publish(100); // while the cluster goes down and comes back
  await restarting;
  await publish(100);
  const count = async (table: string, ids: string[]) =>
    (await query<{ n: number }>(`select count(*)::int as n from log.${table} where id = any($1::uuid[])`, [ids]))[0]!.n;
  await waitFor('every message and attempt in the log', async () =>
    (await count('messages', messages.map((m) => m.id))) === messages.length && (await count('attempts', attempts.map((a) => a.id))) === attempts.length,
  60_000, 500);
}, 120_000);
