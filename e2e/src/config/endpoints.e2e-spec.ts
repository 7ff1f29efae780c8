import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@fastgen/contracts';
import { api } from '../support/api';
import { serviceLogs, stack } from '../support/stack';
import { newTenant, waitForKey, type Tenant } from '../support/tenants';
import { waitFor } from '../support/wait';

const WHSEC = /^whsec_[A-Za-z0-9+/]{43}=$/;
let t: Tenant;
const seenSecrets: string[] = [];

beforeAll(async () => {
  t = await newTenant('endpoints');
  await waitForKey(t.dev);
  await waitForKey(t.prod);
});

const create = (key: string, body: Record<string, unknown>) => api('POST', '/v1/endpoints', { key, body });

describe('config: endpoints', () => {
  it('creates, reads, lists, updates and deletes an endpoint, never showing its secret', async () => {
    const created = await create(t.dev, {
      url: 'https://hooks.example.com/in',
      description: 'scores',
      event_types: ['cv-score-finished'],
      headers: { Authorization: 'Bearer abc', 'X-Team': 'scoring' },
      rate_limit: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: 'https://hooks.example.com/in',
      description: 'scores',
      event_types: ['cv-score-finished'],
      enabled: true,
      disabled_reason: null,
      headers: { authorization: 'Bearer abc', 'x-team': 'scoring' },
      rate_limit: 10,
      environment: 'development',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const id = created.body.id;

    const got = await api('GET', `/v1/endpoints/${id}`, { key: t.dev });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const patched = await api('PATCH', `/v1/endpoints/${id}`, { key: t.dev, body: { enabled: false, event_types: [], rate_limit: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: false, disabled_reason: 'disabled through the API', event_types: [], rate_limit: null, url: 'https://hooks.example.com/in' });
    const enabled = await api('PATCH', `/v1/endpoints/${id}`, { key: t.dev, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null });

    const list = await api('GET', '/v1/endpoints', { key: t.dev });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(id);
    for (const body of [created.body, got.body, patched.body, list.body]) expect(JSON.stringify(body)).not.toContain('whsec_');

    expect((await api('DELETE', `/v1/endpoints/${id}`, { key: t.dev })).status).toBe(204);
    expect((await api('GET', `/v1/endpoints/${id}`, { key: t.dev })).status).toBe(404);
    expect((await api('DELETE', `/v1/endpoints/${id}`, { key: t.dev })).status).toBe(404);
  });

  it('pages through endpoints with limit and an opaque cursor', async () => {
    const tenant = await newTenant('paging');
    await waitForKey(tenant.dev);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(tenant.dev, { url: `https://hooks.example.com/${i}` })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await api('GET', `/v1/endpoints?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: tenant.dev });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((e: { id: string }) => e.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect((await api('GET', '/v1/endpoints?cursor=garbage', { key: tenant.dev })).status).toBe(400);
    expect((await api('GET', '/v1/endpoints?limit=0', { key: tenant.dev })).status).toBe(400);
    expect((await api('GET', '/v1/endpoints?limit=abc', { key: tenant.dev })).body.error.fields[0].field).toBe('limit');
    expect((await api('GET', '/v1/endpoints?sort=desc', { key: tenant.dev })).body.error.fields[0]).toEqual({ field: 'sort', message: 'is not a known field' });
  });

  it('reveals the secret and keeps the previous one signing for the overlap after a rotation', async () => {
    const id = (await create(t.dev, { url: 'https://hooks.example.com/rotate' })).body.id;
    const first = await api('GET', `/v1/endpoints/${id}/secret`, { key: t.dev });
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(WHSEC);
    expect(first.body.previous_secrets).toEqual([]);

    const before = Date.now();
    const rotated = await api('POST', `/v1/endpoints/${id}/secret/rotate`, { key: t.dev });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(WHSEC);
    expect(rotated.body.secret).not.toBe(first.body.secret);
    expect(rotated.body.previous_secrets).toHaveLength(1);
    expect(rotated.body.previous_secrets[0].secret).toBe(first.body.secret);
    const until = Date.parse(rotated.body.previous_secrets[0].expires_at);
    // 24 h by default (SECRET_ROTATION_OVERLAP_HOURS)
    expect(until - before).toBeGreaterThanOrEqual(24 * 3600_000 - 5_000);
    expect(until - before).toBeLessThanOrEqual(24 * 3600_000 + 60_000);

    const again = await api('GET', `/v1/endpoints/${id}/secret`, { key: t.dev });
    expect(again.body).toEqual(rotated.body);
    seenSecrets.push(first.body.secret, rotated.body.secret);

    // Stored encrypted: the database never holds the secret in clear.
    const { query } = await import('../support/db');
    const rows = await query<{ secrets: unknown }>('select secrets from config.endpoints where id = $1', [id]);
    expect(JSON.stringify(rows[0]!.secrets)).not.toContain(first.body.secret.slice(6));
    expect(JSON.stringify(rows[0]!.secrets)).not.toContain('whsec_');
  });

  it('isolates projects and environments: 404 across, lists show only their own', async () => {
    const other = await newTenant('other');
    await waitForKey(other.dev);
    const mine = (await create(t.dev, { url: 'https://hooks.example.com/mine' })).body.id;
    for (const key of [t.prod, other.dev, other.prod]) {
      expect((await api('GET', `/v1/endpoints/${mine}`, { key })).status).toBe(404);
      expect((await api('PATCH', `/v1/endpoints/${mine}`, { key, body: { description: 'x' } })).status).toBe(404);
      expect((await api('GET', `/v1/endpoints/${mine}/secret`, { key })).status).toBe(404);
      expect((await api('POST', `/v1/endpoints/${mine}/secret/rotate`, { key })).status).toBe(404);
      expect((await api('DELETE', `/v1/endpoints/${mine}`, { key })).status).toBe(404);
      const list = await api('GET', '/v1/endpoints?limit=100', { key });
      expect(list.body.data.map((e: { id: string }) => e.id)).not.toContain(mine);
    }
    expect((await api('GET', `/v1/endpoints/${mine}`, { key: t.dev })).status).toBe(200);
    expect((await api('GET', '/v1/endpoints/not-a-uuid', { key: t.dev })).status).toBe(404);
  });

  const big = (n: number) => 'x'.repeat(n);
  const badBodies: [string, Record<string, unknown>, string, unknown][] = [
    ['an unknown field', { url: 'https://a.example.com', colour: 'red' }, 'colour', 'is not a known field'],
    ['a missing url', { description: 'x' }, 'url', 'is required'],
    ['a url of the wrong type', { url: 42 }, 'url', 'must be string'],
    ['a non-http url', { url: 'ftp://files.example.com/x' }, 'url', 'must use http or https, not ftp'],
    ['a javascript: url', { url: 'javascript:alert(1)' }, 'url', 'must use http or https, not javascript'],
    ['a relative url', { url: '/hooks' }, 'url', 'must be an absolute http(s) URL'],
    ['credentials in the url', { url: 'https://u:p@a.example.com/' }, 'url', 'must not contain credentials; send them in a custom header such as Authorization'],
    ['an oversized url', { url: `https://a.example.com/${big(2100)}` }, 'url', 'must NOT have more than 2048 characters'],
    ['an oversized description', { url: 'https://a.example.com', description: big(1025) }, 'description', 'must NOT have more than 1024 characters'],
    ['too many event types', { url: 'https://a.example.com', event_types: Array.from({ length: 101 }, (_, i) => `e${i}`) }, 'event_types', 'must NOT have more than 100 items'],
    ['a bad event name', { url: 'https://a.example.com', event_types: ['Bad Name'] }, 'event_types[0]', expect.stringContaining('must match pattern')],
    ['event types of the wrong type', { url: 'https://a.example.com', event_types: 'cv-score-finished' }, 'event_types', 'must be array'],
    ['enabled of the wrong type', { url: 'https://a.example.com', enabled: 'yes' }, 'enabled', 'must be boolean'],
    ['a zero rate limit', { url: 'https://a.example.com', rate_limit: 0 }, 'rate_limit', expect.any(String)],
    ['a fractional rate limit', { url: 'https://a.example.com', rate_limit: 1.5 }, 'rate_limit', expect.any(String)],
    ['too many headers', { url: 'https://a.example.com', headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, 'v'])) }, 'headers', 'must NOT have more than 20 properties'],
    ['an oversized header value', { url: 'https://a.example.com', headers: { 'x-big': big(1025) } }, 'headers.x-big', 'must NOT have more than 1024 characters'],
    ['a non-string header value', { url: 'https://a.example.com', headers: { 'x-n': 1 } }, 'headers.x-n', 'must be string'],
    ['an invalid header name', { url: 'https://a.example.com', headers: { 'bad header': 'v' } }, 'headers.bad header', 'is not a valid header name'],
    ['a header value with a line break', { url: 'https://a.example.com', headers: { 'x-a': 'v\r\nx-b: injected' } }, 'headers.x-a', 'must not contain line breaks or control characters'],
    ...['content-type', 'Content-Type', 'user-agent', 'content-length', 'host', 'x-fastgen-signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'Webhook-Anything'].map(
      (name): [string, Record<string, unknown>, string, unknown] => [
        `the reserved header ${name}`,
        { url: 'https://a.example.com', headers: { [name]: 'x' } },
        `headers.${name}`,
        'is a reserved header set by Fastgen Webhooks and cannot be overridden',
      ],
    ),
  ];
  it.each(badBodies)('refuses %s with 400 naming the field', async (_what, body, field, message) => {
    const res = await create(t.dev, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid');
    expect(res.body.error.fields).toContainEqual({ field, message });
    expect(res.body.error.message).toContain(field);
  });

  it('refuses bad updates the same way, and a body that is not a JSON object', async () => {
    const id = (await create(t.dev, { url: 'https://hooks.example.com/patch' })).body.id;
    const unknown = await api('PATCH', `/v1/endpoints/${id}`, { key: t.dev, body: { secret: 'whsec_x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toContainEqual({ field: 'secret', message: 'is not a known field' });
    const scheme = await api('PATCH', `/v1/endpoints/${id}`, { key: t.dev, body: { url: 'gopher://x.example.com' } });
    expect(scheme.status).toBe(400);
    const array = await api('POST', '/v1/endpoints', { key: t.dev, body: [] });
    expect(array.status).toBe(400);
    const notJson = await api('POST', '/v1/endpoints', { key: t.dev, body: '{"url":', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    const text = await api('POST', '/v1/endpoints', { key: t.dev, body: 'url=x', headers: { 'content-type': 'text/plain' } });
    expect([400, 415]).toContain(text.status);
  });

  it('disables an endpoint with the reason the dispatcher gives', async () => {
    const id = (await create(t.prod, { url: 'https://hooks.example.com/gone' })).body.id;
    const kafka = new Kafka({ clientId: 'e2e-config', brokers: stack().env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: stack().env.KAFKA_TOPIC_PREFIX + TOPICS.dispatcher.endpointDisableRequests.name,
        messages: [
          { key: id, value: JSON.stringify({ endpoint_id: id, project_id: t.projectId, environment: 'production', reason: 'the endpoint answered 410 Gone', requested_at: new Date().toISOString() }) },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const disabled = await waitFor('the endpoint to be disabled', async () => {
      const res = await api('GET', `/v1/endpoints/${id}`, { key: t.prod });
      return res.body.enabled === false ? res.body : undefined;
    });
    expect(disabled.disabled_reason).toBe('the endpoint answered 410 Gone');
  });

  it('never writes a signing secret or an API key to any service log', async () => {
    expect(seenSecrets.length).toBeGreaterThan(0);
    const logs = serviceLogs();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [...seenSecrets, t.dev, t.prod]) {
      expect(logs).not.toContain(secret);
      expect(logs).not.toContain(secret.slice(-20));
    }
    expect(logs).not.toMatch(/whsec_[A-Za-z0-9+/]{20}/);
    expect(logs).not.toMatch(/fg_(dev|prod)_[A-Za-z0-9_-]{20}/);
  });
});
