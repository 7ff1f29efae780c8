import { randomUUID } from 'node:crypto';
import { TOPICS, type DeadLetter, type WebhookMessage } from '@fastgen/contracts';
import { api } from '../support/api';
import { closeKafka, produce } from '../support/kafka';
import { Receiver } from '../support/receiver';
import { closeSeed, readTopic, seedEndpoint, seedTenant, type Tenant } from '../support/seed';
import { waitFor } from '../support/wait';

const receivers: Receiver[] = [];
async function receiver(): Promise<Receiver> {
  const r = new Receiver();
  await r.start();
  receivers.push(r);
  return r;
}
const idsAt = (r: Receiver) => r.requests.map((q) => (JSON.parse(q.body) as { id: string }).id);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await closeSeed();
  await closeKafka();
});

describe('delivery: per-endpoint rate limit', () => {
  it('sends an endpoint with rate_limit 5 no more than ~5 requests per second', async () => {
    const limit = 5;
    const count = 30;
    const t = await seedTenant();
    const r = await receiver();
    await seedEndpoint(t, r.url, { rate_limit: limit });
    const ids = await Promise.all(
      Array.from({ length: count }, async (_, i) => (await api('POST', '/v1/events', { key: t.key, body: { event: 'rate.check', payload: { i } } })).body.webhook_message_id as string),
    );
    await waitFor(`all ${count} messages at the receiver`, () => ids.every((id) => idsAt(r).includes(id)), 30_000);
    const times = r.requests.map((q) => q.receivedAt).sort((a, b) => a - b);
    // A token bucket lets one second's worth through at once, then `limit` per second:
    // no 1 s window may hold more than 2 × limit, and the rest arrives at about `limit` per second.
    const maxInWindow = Math.max(...times.map((t0) => times.filter((t1) => t1 >= t0 && t1 < t0 + 1_000).length));
    expect(maxInWindow).toBeLessThanOrEqual(2 * limit);
    const spanSeconds = (times[times.length - 1]! - times[0]!) / 1000;
    const steadyRate = (count - limit) / spanSeconds;
    expect(steadyRate).toBeLessThanOrEqual(limit * 1.25);
    // ... and it is a limit, not a stall: the steady rate is close to it.
    expect(steadyRate).toBeGreaterThanOrEqual(limit * 0.5);
  });
});

describe('delivery: payloads checked against the event type schema', () => {
  const schema = { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } };
  let t: Tenant;
  let r: Receiver;
  let endpointId: string;

  beforeAll(async () => {
    t = await seedTenant();
    r = await receiver();
    const created = await api('POST', '/v1/event-types', { key: t.key, body: { name: 'order.paid', description: 'An order was paid.', schema } });
    expect(created.status).toBe(201);
    endpointId = (await seedEndpoint(t, r.url)).id;
  });

  it('answers 400 naming the field for a payload that violates the schema, 202 for a valid one', async () => {
    const bad = await waitFor('the gateway to know the schema', async () => {
      const res = await api('POST', '/v1/events', { key: t.key, body: { event: 'order.paid', payload: { amount: 'ten' } } });
      return res.status === 400 ? res : undefined;
    }, 10_000);
    expect(bad.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'payload.amount' })]));
    const missing = await api('POST', '/v1/events', { key: t.key, body: { event: 'order.paid', payload: {} } });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.fields)).toContain('amount');
    const good = await api('POST', '/v1/events', { key: t.key, body: { event: 'order.paid', payload: { amount: 10 } } });
    expect(good.status).toBe(202);
    const id = good.body.webhook_message_id as string;
    await waitFor('the valid event at the endpoint', () => idsAt(r).includes(id));
  });

  it('dead-letters a message published straight to Kafka whose payload violates the schema, and delivers none of it', async () => {
    const message = (payload: unknown): WebhookMessage => ({
      id: randomUUID(),
      project_id: t.project_id,
      environment: t.environment,
      event: 'order.paid',
      payload,
      created_at: new Date().toISOString(),
      source: 'kafka',
    });
    const invalid = message({ amount: 'ten' });
    const valid = message({ amount: 12 });
    // Same key, same partition: the valid one is handled after the invalid one.
    await produce(TOPICS.events.messages, [
      { key: t.project_id, value: invalid },
      { key: t.project_id, value: valid },
    ]);
    await waitFor('the valid Kafka message at the endpoint', () => idsAt(r).includes(valid.id), 20_000);
    const parked = await waitFor('the invalid message on the dead-letter topic', async () => {
      const all = await readTopic<DeadLetter>(TOPICS.events.deadLetter);
      return all.find((d) => d.value?.includes(invalid.id) && d.consumer.startsWith('dispatcher'));
    });
    expect(parked.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'payload.amount' })]));
    expect(idsAt(r)).not.toContain(invalid.id);
    // Nothing was scheduled for it either.
    const detail = await api('GET', `/v1/logs/deliveries?message_id=${invalid.id}&endpoint_id=${endpointId}`, { key: t.key });
    expect(detail.status).toBe(200);
    expect(detail.body.data).toEqual([]);
  });
});
