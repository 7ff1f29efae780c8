import { randomUUID } from 'node:crypto';
import { TOPICS, type AttemptOutcome, type WebhookMessage } from '@fastgen/contracts';
import { api } from '../support/api';
import { query } from '../support/db';
import { closeKafka, collect, produce, produceRaw } from '../support/kafka';
import { aMessage, anAttempt } from '../support/log-records';
import { seedKey, type SeededKey } from '../support/seed-keys';
import { control } from '../support/stack';
import { waitFor } from '../support/wait';

const publishMessages = (ms: WebhookMessage[]) => produce(TOPICS.events.messages, ms.map((m) => ({ key: m.id, value: m })));
const publishAttempts = (as: AttemptOutcome[]) => produce(TOPICS.dispatcher.attempts, as.map((a) => ({ key: a.message_id, value: a })));

async function count(table: string, column: string, ids: string[]): Promise<number> {
  const [{ n }] = await query<{ n: number }>(`select count(*)::int as n from log.${table} where ${column} = any($1::uuid[])`, [ids]);
  return n;
}

describe('log durability and retention', () => {
  let key: SeededKey;

  beforeAll(async () => {
    key = await seedKey('development');
  });
  afterAll(() => closeKafka());

  it('keeps records in Kafka while the log service is down and writes them all once it is back', async () => {
    await control.kill('log');
    try {
      const messages = Array.from({ length: 20 }, () => aMessage(key));
      const attempts = messages.map((m) => anAttempt(m, { endpoint_id: randomUUID() }));
      await publishMessages(messages);
      await publishAttempts(attempts);
      // Nobody is consuming: nothing can have been written.
      expect(await count('messages', 'id', messages.map((m) => m.id))).toBe(0);
      await control.start('log');
      await waitFor('every record written after the restart', async () =>
        (await count('messages', 'id', messages.map((m) => m.id))) === 20 && (await count('deliveries', 'id', attempts.map((a) => a.delivery_id))) === 20,
      );
      expect(await count('attempts', 'id', attempts.map((a) => a.id))).toBe(20);
    } finally {
      await control.start('log').catch(() => undefined);
    }
  });

  it('loses no record when its database connections are cut in the middle of a run', async () => {
    const messages: WebhookMessage[] = [];
    const attempts: AttemptOutcome[] = [];
    let cutting = true;
    let cuts = 0;
    // Postgres "restarts" for this service: every connection of the log service is terminated, repeatedly.
    const cutter = (async () => {
      while (cutting) {
        const rows = await query<{ n: number }>(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = 'fastgen-log'`,
        );
        cuts += rows[0]!.n;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      for (let i = 0; i < 10; i++) {
        const batch = Array.from({ length: 10 }, () => aMessage(key));
        messages.push(...batch);
        attempts.push(...batch.map((m) => anAttempt(m, { endpoint_id: randomUUID() })));
        await publishMessages(batch);
        await publishAttempts(attempts.slice(-10));
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      cutting = false;
      await cutter;
    }
    expect(cuts).toBeGreaterThan(0);
    await waitFor(
      'every record written despite the cut connections',
      async () =>
        (await count('messages', 'id', messages.map((m) => m.id))) === 100 &&
        (await count('attempts', 'id', attempts.map((a) => a.id))) === 100 &&
        (await count('deliveries', 'id', attempts.map((a) => a.delivery_id))) === 100,
      60_000,
    );
    const res = await api('GET', '/v1/logs/deliveries?limit=100', { key: key.key });
    expect(res.status).toBe(200);
  });

  it('parks an invalid record on the dead-letter topic and keeps consuming', async () => {
    const dead = await collect(TOPICS.events.deadLetter);
    try {
      const marker = randomUUID();
      await produceRaw(TOPICS.dispatcher.attempts, marker, JSON.stringify({ id: marker, delivery_status: 'exploded' }));
      await produceRaw(TOPICS.events.messages, marker, 'not json');
      const m = aMessage(key);
      await publishMessages([m]);
      await waitFor('the valid record after the invalid ones', async () => (await count('messages', 'id', [m.id])) === 1);
      // The dispatcher consumes events.messages too and parks its own copy: count the log's.
      const parked = await waitFor('two dead letters from the log service', () => {
        const mine = dead.records.filter((r) => r.key === marker && String(r.consumer).startsWith('log'));
        return mine.length === 2 ? mine : undefined;
      });
      const attemptDead = parked.find((r) => r.topic.endsWith(TOPICS.dispatcher.attempts.name))!;
      expect(attemptDead.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['delivery_id', 'delivery_status']));
      expect(attemptDead.consumer).toMatch(/^log/);
    } finally {
      await dead.stop();
    }
  });

  it('purges records past the retention period and keeps recent ones', async () => {
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    const recent = new Date(Date.now() - 20 * 24 * 3600 * 1000).toISOString();
    const ids = { old: [randomUUID(), randomUUID(), randomUUID(), randomUUID()], recent: [randomUUID(), randomUUID(), randomUUID(), randomUUID()] };
    // Rows as the consumers write them, inserted directly with old timestamps.
    for (const [[message, delivery, attempt, incoming], at] of [
      [ids.old, old],
      [ids.recent, recent],
    ] as const) {
      await query(`insert into log.messages (id, project_id, environment, event, payload, created_at, source) values ($1, $2, 'development', 'order.paid', '{}', $3, 'api')`, [message, key.project_id, at]);
      await query(
        `insert into log.deliveries (id, project_id, environment, message_id, endpoint_id, event, status, attempts, last_attempt_number, last_attempt_at, created_at)
         values ($1, $2, 'development', $3, $4, 'order.paid', 'succeeded', 1, 1, $5, $5)`,
        [delivery, key.project_id, message, randomUUID(), at],
      );
      await query(
        `insert into log.attempts (id, delivery_id, message_id, endpoint_id, project_id, environment, event, attempt_number, trigger, started_at, duration_ms,
           url, request_headers, response_status, response_headers, response_body, succeeded, delivery_status)
         values ($1, $2, $3, $4, $5, 'development', 'order.paid', 1, 'scheduled', $6, 1, 'https://x.example', '{}', 200, '{}', 'ok', true, 'succeeded')`,
        [attempt, delivery, message, randomUUID(), key.project_id, at],
      );
      await query(
        `insert into log.incoming_requests (id, project_id, environment, received_at, method, path, status, duration_ms, headers, body_excerpt)
         values ($1, $2, 'development', $3, 'POST', '/v1/events', 202, 1, '{}', '')`,
        [incoming, key.project_id, at],
      );
    }
    const remaining = async (which: string[]) =>
      (await count('messages', 'id', [which[0]!])) +
      (await count('deliveries', 'id', [which[1]!])) +
      (await count('attempts', 'id', [which[2]!])) +
      (await count('incoming_requests', 'id', [which[3]!]));
    await waitFor('the purge of rows older than 30 days', async () => (await remaining(ids.old)) === 0);
    expect(await remaining(ids.recent)).toBe(4);
  });
});
