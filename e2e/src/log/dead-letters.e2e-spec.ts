import { randomUUID } from 'node:crypto';
import { TOPICS, type DeadLetter } from '@fastgen/contracts';
import { api } from '../support/api';
import { query } from '../support/db';
import { closeKafka, collect, produce, produceRaw } from '../support/kafka';
import { aMessage, anAttempt } from '../support/log-records';
import { seedKey, type SeededKey } from '../support/seed-keys';
import { waitFor } from '../support/wait';

const count = async (table: string, ids: string[]) =>
  (await query<{ n: number }>(`select count(*)::int as n from log.${table} where id = any($1::uuid[])`, [ids]))[0]!.n;

describe('records the log can never write', () => {
  let tenant: SeededKey;
  let other: SeededKey;

  beforeAll(async () => {
    tenant = await seedKey('development');
    other = await seedKey('development');
  });
  afterAll(() => closeKafka());

  it('dead-letters a record Postgres refuses for good, with the reason, and writes the records around it', async () => {
    const dead = await collect<DeadLetter>(TOPICS.events.deadLetter);
    try {
      const before = aMessage(tenant);
      // Valid for the contract, refused by Postgres: there is no year 0 in a timestamptz.
      const refused = aMessage(tenant, { created_at: '0000-01-01T00:00:00.000Z' });
      const after = aMessage(tenant);
      await produce(TOPICS.events.messages, [before, refused, after].map((m) => ({ key: m.id, value: m })));
      await waitFor('the records around the refused one written', async () => (await count('messages', [before.id, after.id])) === 2, 30_000);
      const parked = await waitFor('the refused record on the dead-letter topic', () => dead.records.find((d) => d.key === refused.id && d.consumer.startsWith('log')));
      expect(parked.reason).toBe('data_error');
      expect(parked.project_id).toBe(tenant.project_id);
      expect(parked.errors[0]!.message).toMatch(/out of range/);
      expect(await count('messages', [refused.id])).toBe(0);
    } finally {
      await dead.stop();
    }
  });

  it('keeps logging every project right after a refused attempt outcome', async () => {
    const message = aMessage(other);
    const refused = anAttempt(message, { endpoint_id: randomUUID(), duration_ms: 1e39 }); // beyond a Postgres real
    const next = anAttempt(aMessage(other), { endpoint_id: randomUUID() });
    await produce(TOPICS.dispatcher.attempts, [refused, next].map((a) => ({ key: a.message_id, value: a })));
    await waitFor('the next attempt written', async () => (await count('attempts', [next.id])) === 1, 30_000);
    expect(await count('attempts', [refused.id])).toBe(0);
  });

  it('shows a project its own dead letters, never another project\'s, and an admin every one', async () => {
    const refused = aMessage(tenant, { created_at: '0000-01-01T00:00:00.000Z' });
    await produce(TOPICS.events.messages, [{ key: refused.id, value: refused }]);
    await produceRaw(TOPICS.events.messages, 'not-json', '{"id": ');
    const mine = await waitFor('the dead letter in the API', async () => {
      const res = await api('GET', '/v1/logs/dead-letters?limit=100', { key: tenant.key });
      return (res.body.data as { key: string; reason: string; value: string }[]).find((d) => d.key === refused.id);
    });
    expect(mine.reason).toBe('data_error');
    expect(JSON.parse(mine.value)).toEqual(refused);
    const theirs = await api('GET', '/v1/logs/dead-letters?limit=100', { key: other.key });
    expect(theirs.status).toBe(200);
    expect((theirs.body.data as { key: string }[]).some((d) => d.key === refused.id)).toBe(false);
    // A record that names no project is for admins only.
    const all = await waitFor('the unscoped dead letter for admins', async () => {
      const res = await api('GET', '/v1/admin/dead-letters?reason=invalid&limit=100', { admin: true });
      return (res.body.data as { key: string; project_id: string | null }[]).find((d) => d.key === 'not-json');
    });
    expect(all.project_id).toBeNull();
    expect((await api('GET', '/v1/admin/dead-letters', { key: tenant.key })).status).toBe(401);
    expect((await api('GET', '/v1/logs/dead-letters?project_id=' + other.project_id, { key: tenant.key })).status).toBe(400);
  });
});
