import { randomUUID } from 'node:crypto';
import { TOPICS, type AttemptOutcome, type WebhookMessage } from '@fastgen/contracts';
import { api } from '../support/api';
import { query } from '../support/db';
import { closeKafka, collect, produce } from '../support/kafka';
import { aMessage, anAttempt } from '../support/log-records';
import { seedKey, type SeededKey } from '../support/seed-keys';
import { waitFor } from '../support/wait';

const publishMessages = (ms: WebhookMessage[]) => produce(TOPICS.events.messages, ms.map((m) => ({ key: m.id, value: m })));
const publishAttempts = (as: AttemptOutcome[]) => produce(TOPICS.dispatcher.attempts, as.map((a) => ({ key: a.message_id, value: a })));

async function deliveriesOf(key: string, qs = ''): Promise<any[]> {
  const res = await api('GET', `/v1/logs/deliveries?limit=100${qs}`, { key });
  expect(res.status).toBe(200);
  return res.body.data;
}

async function waitForRows(table: string, column: string, ids: string[]): Promise<void> {
  await waitFor(`${ids.length} rows in log.${table}`, async () => {
    const [{ n }] = await query<{ n: number }>(`select count(*)::int as n from log.${table} where ${column} = any($1::uuid[])`, [ids]);
    return n === ids.length;
  });
}

describe('delivery log API', () => {
  let dev: SeededKey;
  let prod: SeededKey;
  let other: SeededKey;

  beforeAll(async () => {
    dev = await seedKey('development');
    prod = await seedKey('production', dev.project_id);
    other = await seedKey('development');
  });
  afterAll(() => closeKafka());

  describe('filters', () => {
    const e1 = randomUUID();
    const e2 = randomUUID();
    let paid: WebhookMessage;
    let refunded: WebhookMessage;
    let ok1: AttemptOutcome;
    let retry2: AttemptOutcome;
    let failed3: AttemptOutcome;
    let before: string;
    let between: string;

    beforeAll(async () => {
      before = new Date(Date.now() - 60_000).toISOString();
      paid = aMessage(dev, { event: 'order.paid' });
      refunded = aMessage(dev, { event: 'order.refunded' });
      await publishMessages([paid, refunded]);
      ok1 = anAttempt(paid, { endpoint_id: e1, delivery_status: 'succeeded', started_at: new Date(Date.now() - 30_000).toISOString() });
      retry2 = anAttempt(paid, { endpoint_id: e2, delivery_status: 'retrying', response_status: 503, started_at: new Date(Date.now() - 20_000).toISOString() });
      between = new Date(Date.now() - 25_000).toISOString();
      failed3 = anAttempt(refunded, { endpoint_id: e2, delivery_status: 'failed', response_status: 410, started_at: new Date(Date.now() - 10_000).toISOString() });
      await publishAttempts([ok1, retry2, failed3]);
      await waitForRows('deliveries', 'id', [ok1.delivery_id, retry2.delivery_id, failed3.delivery_id]);
    });

    const ids = (rows: any[]) => rows.map((r) => r.id).sort();
    const expectIds = (rows: any[], attempts: AttemptOutcome[]) => expect(ids(rows)).toEqual(attempts.map((a) => a.delivery_id).sort());

    it('lists deliveries newest first with their latest state', async () => {
      const rows = await deliveriesOf(dev.key);
      expect(rows.map((r) => r.id)).toEqual([failed3.delivery_id, retry2.delivery_id, ok1.delivery_id]);
      expect(rows[1]).toMatchObject({ message_id: paid.id, endpoint_id: e2, event: 'order.paid', status: 'retrying', attempts: 1, last_response_status: 503 });
      expect(rows[1].next_attempt_at).toBe(retry2.next_attempt_at);
    });

    it('filters by status, event, endpoint_id, message_id, response_status, since and until', async () => {
      expectIds(await deliveriesOf(dev.key, '&status=retrying'), [retry2]);
      expectIds(await deliveriesOf(dev.key, '&status=failed'), [failed3]);
      expectIds(await deliveriesOf(dev.key, '&event=order.paid'), [ok1, retry2]);
      expectIds(await deliveriesOf(dev.key, `&endpoint_id=${e2}`), [retry2, failed3]);
      expectIds(await deliveriesOf(dev.key, `&message_id=${refunded.id}`), [failed3]);
      expectIds(await deliveriesOf(dev.key, '&response_status=503'), [retry2]);
      expectIds(await deliveriesOf(dev.key, `&since=${between}`), [retry2, failed3]);
      expectIds(await deliveriesOf(dev.key, `&until=${between}`), [ok1]);
      expectIds(await deliveriesOf(dev.key, `&since=${before}&until=${between}`), [ok1]);
    });

    it('combines filters', async () => {
      expectIds(await deliveriesOf(dev.key, `&endpoint_id=${e2}&event=order.paid`), [retry2]);
      expectIds(await deliveriesOf(dev.key, `&endpoint_id=${e2}&status=failed&response_status=410`), [failed3]);
      expectIds(await deliveriesOf(dev.key, `&message_id=${paid.id}&status=succeeded&endpoint_id=${e1}`), [ok1]);
      expect(await deliveriesOf(dev.key, `&endpoint_id=${e1}&status=failed`)).toEqual([]);
    });

    it.each([
      ['status=bogus', 'status'],
      ['endpoint_id=not-a-uuid', 'endpoint_id'],
      ['message_id=123', 'message_id'],
      ['since=yesterday', 'since'],
      ['until=2026-13-45', 'until'],
      ['response_status=abc', 'response_status'],
      ['limit=0', 'limit'],
      ['limit=1000', 'limit'],
      ['cursor=garbage', 'cursor'],
      ['colour=red', 'colour'],
      ['project_id=' + randomUUID(), 'project_id'],
      ['event=Not An Event', 'event'],
    ])('rejects %s with 400 naming the field', async (qs, field) => {
      const res = await api('GET', `/v1/logs/deliveries?${qs}`, { key: dev.key });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.body.error.message).toContain(field);
    });

    it('rejects until before since with 400', async () => {
      const res = await api('GET', `/v1/logs/deliveries?since=${between}&until=${before}`, { key: dev.key });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].field).toBe('until');
    });

    it('returns the message with its deliveries and every attempt, signatures redacted', async () => {
      const second = anAttempt(paid, {
        endpoint_id: e2,
        delivery_id: retry2.delivery_id,
        attempt_number: 2,
        delivery_status: 'failed',
        response_status: 500,
        response_body: 'x'.repeat(4096),
        error: null,
        started_at: new Date(Date.now() - 5_000).toISOString(),
      });
      await publishAttempts([second]);
      await waitForRows('attempts', 'id', [second.id]);
      const res = await api('GET', `/v1/messages/${paid.id}`, { key: dev.key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: paid.id, event: 'order.paid', payload: paid.payload, source: 'api' });
      const d2 = res.body.deliveries.find((d: any) => d.id === retry2.delivery_id);
      expect(d2).toMatchObject({ status: 'failed', attempt_count: 2, last_response_status: 500 });
      expect(d2.attempts.map((a: any) => a.attempt_number)).toEqual([1, 2]);
      expect(d2.attempts[1]).toMatchObject({ response_status: 500, duration_ms: 12.5, succeeded: false, error: null });
      expect(d2.attempts[1].response_body).toHaveLength(4096);
      expect(d2.attempts[0].request_headers['webhook-signature']).toBe('[redacted]');
      expect(d2.attempts[0].request_headers['x-fastgen-signature']).toBe('[redacted]');
      expect(d2.attempts[0].request_headers['webhook-id']).toBe(paid.id);
      expect(JSON.stringify(res.body)).not.toContain('c2VjcmV0LXNpZ25hdHVyZQ');
    });

    it('answers 404 for an unknown message and 400 for a malformed id', async () => {
      expect((await api('GET', `/v1/messages/${randomUUID()}`, { key: dev.key })).status).toBe(404);
      const bad = await api('GET', '/v1/messages/nope', { key: dev.key });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].field).toBe('id');
    });

    it('draws the chart: deliveries by outcome per bucket', async () => {
      const since = new Date(Date.now() - 3600_000).toISOString();
      const res = await api('GET', `/v1/logs/stats?bucket=1m&since=${since}`, { key: dev.key });
      expect(res.status).toBe(200);
      expect(res.body.bucket).toBe('1m');
      expect(res.body.data.length).toBeGreaterThanOrEqual(60);
      const total = (s: string) => res.body.data.reduce((n: number, b: any) => n + b[s], 0);
      expect({ succeeded: total('succeeded'), failed: total('failed'), retrying: total('retrying') }).toEqual({ succeeded: 1, failed: 2, retrying: 0 });
      const tooMany = await api('GET', `/v1/logs/stats?bucket=1m&since=2020-01-01T00:00:00Z`, { key: dev.key });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.fields[0].field).toBe('bucket');
      expect((await api('GET', '/v1/logs/stats?bucket=2h', { key: dev.key })).status).toBe(400);
    });
  });

  it('documents the log routes in the OpenAPI spec with examples', async () => {
    const res = await api('GET', '/docs-json');
    expect(res.status).toBe(200);
    for (const path of ['/v1/logs/incoming', '/v1/logs/deliveries', '/v1/logs/stats', '/v1/messages/{id}', '/v1/messages/{id}/retry', '/v1/deliveries/{id}/retry']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    const deliveries = res.body.paths['/v1/logs/deliveries'].get;
    expect(deliveries.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'event', 'endpoint_id', 'message_id', 'since', 'until', 'response_status', 'limit', 'cursor']),
    );
    expect(JSON.stringify(deliveries.responses['200'])).toContain('last_response_status');
  });

  it('requires an API key', async () => {
    expect((await api('GET', '/v1/logs/deliveries')).status).toBe(401);
    expect((await api('GET', '/v1/logs/deliveries', { key: 'fg_wrong' })).status).toBe(401);
  });

  it('isolates projects and environments', async () => {
    const m = aMessage(dev);
    const a = anAttempt(m, { endpoint_id: randomUUID() });
    await publishMessages([m]);
    await publishAttempts([a]);
    await waitForRows('deliveries', 'id', [a.delivery_id]);
    await waitForRows('messages', 'id', [m.id]);
    expect((await deliveriesOf(dev.key)).map((d) => d.id)).toContain(a.delivery_id);
    for (const k of [prod, other]) {
      expect((await deliveriesOf(k.key)).map((d) => d.id)).not.toContain(a.delivery_id);
      expect(await deliveriesOf(k.key, `&message_id=${m.id}`)).toEqual([]);
      expect((await api('GET', `/v1/messages/${m.id}`, { key: k.key })).status).toBe(404);
      expect((await api('POST', `/v1/messages/${m.id}/retry`, { key: k.key })).status).toBe(404);
      expect((await api('POST', `/v1/deliveries/${a.delivery_id}/retry`, { key: k.key })).status).toBe(404);
    }
    // A request made with the dev key is in dev's incoming log only.
    const marker = `/v1/logs/deliveries?limit=1&event=isolation-${randomUUID().slice(0, 8)}`;
    await api('GET', marker, { key: dev.key });
    await waitFor('the request in the dev incoming log', async () =>
      (await api('GET', '/v1/logs/incoming?limit=100', { key: dev.key })).body.data.some((r: any) => r.path === marker),
    );
    for (const k of [prod, other]) {
      const incoming = await api('GET', '/v1/logs/incoming?limit=100', { key: k.key });
      expect(incoming.body.data.some((r: any) => r.path === marker)).toBe(false);
    }
  });

  it('pages through every delivery exactly once while new ones arrive', async () => {
    const key = await seedKey('development');
    const endpoint = randomUUID();
    const base = Date.now() - 100_000;
    const initial: AttemptOutcome[] = [];
    for (let i = 0; i < 150; i++) {
      const m = aMessage(key);
      // Several deliveries share a timestamp: the id breaks the tie in the keyset.
      initial.push(anAttempt(m, { endpoint_id: endpoint, started_at: new Date(base + Math.floor(i / 3) * 1000).toISOString() }));
    }
    await publishAttempts(initial);
    await waitForRows('deliveries', 'id', initial.map((a) => a.delivery_id));

    let inserting = true;
    const late: string[] = [];
    const writer = (async () => {
      while (inserting) {
        const batch = Array.from({ length: 5 }, () => anAttempt(aMessage(key), { endpoint_id: endpoint }));
        late.push(...batch.map((a) => a.delivery_id));
        await publishAttempts(batch);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    try {
      do {
        const res: { status: number; body: any } = await api('GET', `/v1/logs/deliveries?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { key: key.key });
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((d: any) => d.id));
        cursor = res.body.next_cursor;
        pages++;
      } while (cursor);
    } finally {
      inserting = false;
      await writer;
    }
    expect(pages).toBeGreaterThan(20);
    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    expect(initial.filter((a) => !seenSet.has(a.delivery_id))).toEqual([]);
    expect(late.length).toBeGreaterThan(0);
  });

  it('creates no duplicate rows when records are consumed twice, and never rewinds a delivery', async () => {
    const m = aMessage(dev);
    const endpoint = randomUUID();
    const first = anAttempt(m, { endpoint_id: endpoint, delivery_status: 'retrying', started_at: new Date(Date.now() - 2000).toISOString() });
    const second = anAttempt(m, { endpoint_id: endpoint, delivery_id: first.delivery_id, attempt_number: 2, delivery_status: 'succeeded', response_status: 200 });
    await publishMessages([m]);
    await publishAttempts([first, second]);
    await waitForRows('attempts', 'id', [first.id, second.id]);
    // The same records again (a producer retry or a consumer crash replays them), older one last.
    await publishMessages([m, m]);
    await publishAttempts([second, first]);
    const marker = aMessage(dev);
    await publishMessages([marker]);
    await waitForRows('messages', 'id', [marker.id]);
    const marker2 = anAttempt(marker, { endpoint_id: endpoint });
    await publishAttempts([marker2]);
    await waitForRows('attempts', 'id', [marker2.id]);
    expect(await query('select id from log.messages where id = $1', [m.id])).toHaveLength(1);
    expect(await query('select id from log.attempts where message_id = $1', [m.id])).toHaveLength(2);
    const [d] = await query('select status, attempts, last_attempt_number from log.deliveries where id = $1', [first.delivery_id]);
    expect(d).toEqual({ status: 'succeeded', attempts: 2, last_attempt_number: 2 });
  });

  it('retries a message and a delivery by publishing a ManualDelivery, and shows the manual attempt', async () => {
    const manual = await collect(TOPICS.dispatcher.manualDeliveries);
    try {
      const m = aMessage(dev, { event: 'invoice.sent', payload: { invoice: 7 } });
      const [e1, e2] = [randomUUID(), randomUUID()];
      const a1 = anAttempt(m, { endpoint_id: e1, delivery_status: 'failed' });
      const a2 = anAttempt(m, { endpoint_id: e2 });
      await publishMessages([m]);
      await publishAttempts([a1, a2]);
      await waitForRows('deliveries', 'id', [a1.delivery_id, a2.delivery_id]);
      await waitForRows('messages', 'id', [m.id]);

      const all = await api('POST', `/v1/messages/${m.id}/retry`, { key: dev.key });
      expect(all.status).toBe(202);
      expect(all.body.message_id).toBe(m.id);
      expect([...all.body.endpoint_ids].sort()).toEqual([e1, e2].sort());
      const one = await api('POST', `/v1/deliveries/${a1.delivery_id}/retry`, { key: dev.key });
      expect(one.status).toBe(202);
      expect(one.body.endpoint_ids).toEqual([e1]);

      const published = await waitFor('both manual deliveries on the topic', () => {
        const mine = manual.records.filter((r) => r.message_id === m.id);
        return mine.length === 2 ? mine : undefined;
      });
      const byRequest = new Map(published.map((r) => [r.request_id, r]));
      expect(byRequest.get(all.body.request_id)).toMatchObject({ event: 'invoice.sent', payload: { invoice: 7 }, project_id: dev.project_id, environment: 'development', created_at: m.created_at });
      expect(byRequest.get(one.body.request_id)!.endpoint_ids).toEqual([e1]);

      // What the dispatcher publishes after the manual attempt shows up in the detail.
      const again = anAttempt(m, { endpoint_id: e1, delivery_id: a1.delivery_id, attempt_number: 2, trigger: 'manual', delivery_status: 'succeeded' });
      await publishAttempts([again]);
      const detail = await waitFor('the manual attempt in the detail', async () => {
        const res = await api('GET', `/v1/messages/${m.id}`, { key: dev.key });
        const d = res.body.deliveries?.find((x: any) => x.id === a1.delivery_id);
        return d?.attempts.length === 2 ? d : undefined;
      });
      expect(detail.status).toBe('succeeded');
      expect(detail.attempts[1].trigger).toBe('manual');
    } finally {
      await manual.stop();
    }
  });

  it('answers 409 when a message has no delivery to retry and 404 when it is unknown', async () => {
    const m = aMessage(dev);
    await publishMessages([m]);
    await waitForRows('messages', 'id', [m.id]);
    const res = await api('POST', `/v1/messages/${m.id}/retry`, { key: dev.key });
    expect(res.status).toBe(409);
    expect((await api('POST', `/v1/messages/${randomUUID()}/retry`, { key: dev.key })).status).toBe(404);
    expect((await api('POST', `/v1/deliveries/${randomUUID()}/retry`, { key: dev.key })).status).toBe(404);
    expect((await api('POST', '/v1/deliveries/zzz/retry', { key: dev.key })).status).toBe(400);
  });

  it('lists the incoming requests of the key only, with filters', async () => {
    const key = await seedKey('production');
    await api('GET', '/v1/logs/deliveries?status=nope', { key: key.key });
    await api('GET', '/v1/logs/deliveries', { key: key.key });
    const rows = await waitFor('the two requests in the incoming log', async () => {
      const res = await api('GET', '/v1/logs/incoming?limit=100', { key: key.key });
      const mine = res.body.data.filter((r: any) => r.path.startsWith('/v1/logs/deliveries'));
      return mine.length >= 2 ? res.body.data : undefined;
    });
    expect(rows.every((r: any) => r.headers.authorization === '[redacted]')).toBe(true);
    const bad = await api('GET', '/v1/logs/incoming?status=400', { key: key.key });
    expect(bad.body.data.map((r: any) => r.path)).toEqual(['/v1/logs/deliveries?status=nope']);
    expect((await api('GET', '/v1/logs/incoming?status=abc', { key: key.key })).body.error.fields[0].field).toBe('status');
  });
});
