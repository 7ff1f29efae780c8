import { TOPICS, type AttemptOutcome } from '@fastgen/contracts';
import { ExtraStack } from '../support/extra-stack';
import { Receiver } from '../support/receiver';
import { readTopic } from '../support/seed';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// Deployment settings, on a second small stack:
// - the dispatcher disables an endpoint failing for 1 s (compressed from the product's 5 days);
// - config accepts loopback URLs by allow-list (host name `localhost`, 127.0.0.0/8) while the
//   dispatcher allows only 127.0.0.2: what config let through must still be refused at connect time.
const extra = new ExtraStack(['config', 'gateway', 'dispatcher'], { ENDPOINT_URL_POLICY: 'public-only' }, {
  config: { ENDPOINT_URL_ALLOWLIST: 'localhost, 127.0.0.0/8' },
  gateway: { ENDPOINT_URL_ALLOWLIST: 'localhost, 127.0.0.0/8' },
  dispatcher: { ENDPOINT_URL_ALLOWLIST: '127.0.0.2', ENDPOINT_DISABLE_AFTER: '1s' },
});
let key = '';
const receivers: Receiver[] = [];

async function call(method: string, path: string, body?: unknown, token = key): Promise<{ status: number; body: any }> {
  const res = await fetch(`${extra.urls.gateway}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function receiver(host: string, status: number): Promise<Receiver> {
  const r = new Receiver(() => ({ status }));
  await r.start(host);
  receivers.push(r);
  return r;
}

async function endpoint(url: string, event: string): Promise<string> {
  const res = await call('POST', '/v1/endpoints', { url, event_types: [event] });
  if (res.status !== 201) throw new Error(`create endpoint ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function publish(event: string): Promise<string> {
  const res = await call('POST', '/v1/events', { event, payload: { n: 1 } });
  expect(res.status).toBe(202);
  return res.body.webhook_message_id;
}

const outcomesOf = async (messageId: string) =>
  (await readTopic<AttemptOutcome>(TOPICS.dispatcher.attempts, 3_000, extra.topicPrefix)).filter((o) => o.message_id === messageId);

beforeAll(async () => {
  await extra.up();
  const admin = stack().env.ADMIN_TOKEN;
  const project = await call('POST', '/v1/admin/projects', { name: 'endpoint health' }, admin);
  key = (await call('POST', `/v1/admin/projects/${project.body.id}/api-keys`, { environment: 'production' }, admin)).body.key;
  await waitFor('the key of the extra stack', async () => (await call('GET', '/v1/endpoints?limit=1')).status === 200, 10_000, 20);
}, 180_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await extra.down();
}, 60_000);

describe('delivery: endpoint health and connect-time URL policy (extra stack)', () => {
  it('disables an endpoint that keeps failing for longer than ENDPOINT_DISABLE_AFTER, with the reason', async () => {
    const r = await receiver('127.0.0.2', 500);
    const id = await endpoint(`${r.url}/hook`, 'always.failing');
    await publish('always.failing');
    const disabled = await waitFor('the endpoint to be disabled', async () => {
      const res = await call('GET', `/v1/endpoints/${id}`);
      return res.body?.enabled === false ? res.body : undefined;
    }, 20_000);
    expect(disabled.disabled_reason).toMatch(/failing without a success since .* \(1s\)/);
    expect(r.requests.length).toBeGreaterThanOrEqual(2);
    // Disabled means nothing more is sent to it: a healthy endpoint subscribed to the same event
    // receives a later message, the disabled one does not.
    const healthy = await receiver('127.0.0.2', 200);
    await endpoint(healthy.url, 'always.failing');
    const before = r.requests.length;
    const marker = await publish('always.failing');
    await waitFor('the later message at the healthy endpoint', () => healthy.requests.some((q) => q.body.includes(marker)));
    expect(r.requests.filter((q) => q.body.includes(marker))).toHaveLength(0);
    expect(r.requests).toHaveLength(before);
  });

  it.each([
    ['a host name config allow-listed (localhost)', 'localhost', 'ssrf.by-name'],
    ['an IP literal config allow-listed (127.0.0.1)', '127.0.0.1', 'ssrf.by-ip'],
  ])('refuses %s at connect time, records the failed attempt naming the address, sends nothing', async (_what, host, event) => {
    const r = await receiver('127.0.0.1', 200);
    const url = r.url.replace('127.0.0.1', host);
    const id = await endpoint(url, event);
    const messageId = await publish(event);
    const [first] = await waitFor('the refused attempt', async () => {
      const all = await outcomesOf(messageId);
      return all.length > 0 ? all : undefined;
    }, 20_000);
    expect(first).toMatchObject({ endpoint_id: id, succeeded: false, response_status: null });
    expect(first!.error).toMatch(/^refused address: .*(127\.0\.0\.1|::1)/);
    expect(r.requests).toHaveLength(0);
  });
});
