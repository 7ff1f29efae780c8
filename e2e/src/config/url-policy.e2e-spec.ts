import { TOPICS, type AttemptOutcome } from '@fastgen/contracts';
import { api } from '../support/api';
import { ExtraStack } from '../support/extra-stack';
import { Receiver } from '../support/receiver';
import { readTopic } from '../support/seed';
import { stack } from '../support/stack';
import { newTenant, waitForKey } from '../support/tenants';
import { waitFor } from '../support/wait';

// The SSRF guard as docs/deploy.md deploys it: ENDPOINT_URL_POLICY unset (public-only) and no
// allow-list. The main e2e stack opts in to loopback receivers, so these run on extra stacks:
// - `deployed`: config + gateway exactly as deployed, for the checks at creation;
// - `connect`: a config that lets loopback through (as a name that resolved elsewhere at creation
//   would get through) in front of a dispatcher as deployed, for the checks at connect time.
const DEPLOYED = { ENDPOINT_URL_POLICY: '', ENDPOINT_URL_ALLOWLIST: '' };
const deployed = new ExtraStack(['config', 'gateway'], DEPLOYED);
const connect = new ExtraStack(['config', 'gateway', 'dispatcher'], DEPLOYED, {
  config: { ENDPOINT_URL_ALLOWLIST: 'localhost, 127.0.0.0/8, ::1' },
});
const keys = new Map<ExtraStack, string>();
const receivers: Receiver[] = [];

const call = (
  on: ExtraStack,
  method: string,
  path: string,
  body?: unknown,
  key = keys.get(on),
) => api(method, path, { key, body, gateway: on.urls.gateway });

async function upWithKey(on: ExtraStack): Promise<void> {
  await on.up();
  const admin = stack().env.ADMIN_TOKEN;
  const project = await call(
    on,
    'POST',
    '/v1/admin/projects',
    { name: 'ssrf' },
    admin,
  );
  const created = await call(
    on,
    'POST',
    `/v1/admin/projects/${project.body.id}/api-keys`,
    { environment: 'production' },
    admin,
  );
  keys.set(on, created.body.key);
  await waitFor(
    'the key of the extra stack',
    async () => (await call(on, 'GET', '/v1/endpoints?limit=1')).status === 200,
    10_000,
    20,
  );
}

// One after the other: two stacks booting at once on a loaded machine can miss their deadline.
beforeAll(async () => {
  await upWithKey(deployed);
  await upWithKey(connect);
}, 300_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await Promise.all([deployed.down(), connect.down()]);
}, 60_000);

const NUL = String.fromCharCode(0);

// Every URL of issue #13 and the other spellings of the same addresses, with the 400's message.
const REFUSED: [url: string, message: string][] = [
  ['http://127.0.0.1/', 'must not point to a loopback address'],
  ['http://127.1.2.3:8080/hook', 'must not point to a loopback address'],
  ['http://2130706433/', 'must not point to a loopback address'],
  ['http://0x7f000001/', 'must not point to a loopback address'],
  ['http://0177.0.0.1/', 'must not point to a loopback address'],
  ['http://127.1/', 'must not point to a loopback address'],
  ['http://[::1]/', 'must not point to a loopback address'],
  ['http://[::ffff:127.0.0.1]/', 'must not point to a loopback address'],
  ['http://localhost:3000/', 'must not point to a loopback address'],
  ['http://localhost./', 'must not point to a loopback address'],
  ['http://api.localhost/', 'must not point to a loopback address'],
  ['http://0.0.0.0/', 'must not point to an unspecified address'],
  ['http://[::]/', 'must not point to an unspecified address'],
  ['http://10.0.0.1/', 'must not point to a private address'],
  ['http://172.16.5.4/', 'must not point to a private address'],
  ['http://192.168.1.10/', 'must not point to a private address'],
  ['http://[::ffff:192.168.1.10]/', 'must not point to a private address'],
  [
    'http://169.254.169.254/latest/meta-data/',
    'must not point to a metadata address',
  ],
  ['http://[::ffff:169.254.169.254]/', 'must not point to a metadata address'],
  ['http://[fd00:ec2::254]/', 'must not point to a metadata address'],
  [
    'http://metadata.google.internal/computeMetadata/v1/',
    'must not point to a metadata address',
  ],
  ['http://169.254.10.1/', 'must not point to a link-local address'],
  ['http://[fe80::1]/', 'must not point to a link-local address'],
  ['http://100.64.0.1/', 'must not point to a cgnat address'],
  ['http://100.100.100.200/', 'must not point to a cgnat address'],
  ['http://[fd00::1]/', 'must not point to a unique-local address'],
  ['http://[fc00::1]/', 'must not point to a unique-local address'],
  ['http://224.0.0.1/', 'must not point to a multicast address'],
  ['http://[ff02::1]/', 'must not point to a multicast address'],
  ['http://255.255.255.255/', 'must not point to a broadcast address'],
  ['http://192.0.2.1/', 'must not point to a documentation address'],
  ['http://240.0.0.1/', 'must not point to a reserved address'],
  ['https://93.184.216.34:0/', 'must not use port 0'],
  ['https://93.184.216.34:22/', 'must not use port 22'],
  ['https://93.184.216.34:5432/', 'must not use port 5432 (Postgres)'],
  ['https://93.184.216.34:9092/', 'must not use port 9092 (Kafka)'],
  ['https://93.184.216.34:6379/', 'must not use port 6379 (Redis)'],
  [
    'https://hooks.example.com/in\r\nX-Injected: 1',
    'must not contain control characters (CR (carriage return)',
  ],
  [
    `https://hooks.example.com/in${NUL}`,
    'must not contain control characters (NUL',
  ],
  ['https://hooks.example.com\\@127.0.0.1/', 'must not contain backslashes'],
  [
    'https://user:pass@hooks.example.com/',
    'must not contain credentials',
  ],
  [
    'https://hooks.example.com@127.0.0.1/',
    'must not contain credentials',
  ],
];

describe('config: endpoint URLs under the deployed (default, public-only) policy', () => {
  it.each(REFUSED)(
    'refuses %j with 400 naming url: %s',
    async (url, message) => {
      const res = await call(deployed, 'POST', '/v1/endpoints', { url });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([
        { field: 'url', message: expect.stringContaining(message) },
      ]);
    },
  );

  it('refuses a non-public URL on update too', async () => {
    const created = await call(deployed, 'POST', '/v1/endpoints', {
      url: 'https://93.184.216.34/hooks',
    });
    expect(created.status).toBe(201);
    const res = await call(
      deployed,
      'PATCH',
      `/v1/endpoints/${created.body.id}`,
      { url: 'http://169.254.169.254/' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('url');
    expect(
      (await call(deployed, 'GET', `/v1/endpoints/${created.body.id}`)).body
        .url,
    ).toBe('https://93.184.216.34/hooks');
  });

  it('accepts public addresses, ordinary ports, and names that do not resolve yet (checked at connect time)', async () => {
    for (const url of [
      'https://93.184.216.34/hooks',
      'http://[2606:4700:4700::1111]/',
      'https://93.184.216.34:8443/in',
      'https://hooks.example.com/in',
    ]) {
      const res = await call(deployed, 'POST', '/v1/endpoints', { url });
      expect({ url, status: res.status }).toEqual({ url, status: 201 });
    }
  });
});

describe('dispatcher: the deployed policy at connect time', () => {
  const outcomesOf = async (messageId: string, endpointId: string) =>
    (
      await readTopic<AttemptOutcome>(
        TOPICS.dispatcher.attempts,
        3_000,
        connect.topicPrefix,
      )
    ).filter((o) => o.message_id === messageId && o.endpoint_id === endpointId);

  async function firstAttempt(
    messageId: string,
    endpointId: string,
  ): Promise<AttemptOutcome> {
    const [first] = await waitFor(
      'the refused attempt',
      async () => {
        const all = await outcomesOf(messageId, endpointId);
        return all.length > 0 ? all : undefined;
      },
      20_000,
    );
    return first!;
  }

  it.each([
    [
      'a name that resolves to loopback',
      'localhost',
      /^refused address: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
    ],
    [
      'a decimal loopback address',
      '2130706433',
      /^refused address: 127\.0\.0\.1 is a loopback address$/,
    ],
    [
      'a short loopback address',
      '127.1',
      /^refused address: 127\.0\.0\.1 is a loopback address$/,
    ],
    [
      'an IPv4-mapped loopback address',
      '[::ffff:127.0.0.1]',
      /^refused address: ::ffff:7f00:1 is a loopback address$/,
    ],
  ])(
    'refuses a test send to %s (%s), records why and sends nothing',
    async (_what, host, error) => {
      const r = new Receiver(() => ({ status: 200 }));
      await r.start('127.0.0.1');
      receivers.push(r);
      const created = await call(connect, 'POST', '/v1/endpoints', {
        url: r.url.replace('127.0.0.1', host) + '/hook',
      });
      expect(created.status).toBe(201); // config here lets loopback through; the dispatcher does not
      const test = await call(
        connect,
        'POST',
        `/v1/endpoints/${created.body.id}/test`,
      );
      expect(test.status).toBe(202);
      const attempt = await firstAttempt(
        test.body.webhook_message_id,
        created.body.id,
      );
      expect(attempt).toMatchObject({
        endpoint_id: created.body.id,
        succeeded: false,
        response_status: null,
      });
      expect(attempt.error).toMatch(error);
      expect(r.requests).toHaveLength(0);
    },
  );

  it('refuses an event delivery to a name that resolves to loopback', async () => {
    const r = new Receiver(() => ({ status: 200 }));
    await r.start('127.0.0.1');
    receivers.push(r);
    const created = await call(connect, 'POST', '/v1/endpoints', {
      url: r.url.replace('127.0.0.1', 'localhost'),
      event_types: ['ssrf.event'],
    });
    expect(created.status).toBe(201);
    const sent = await call(connect, 'POST', '/v1/events', {
      event: 'ssrf.event',
      payload: { n: 1 },
    });
    expect(sent.status).toBe(202);
    expect(
      (await firstAttempt(sent.body.webhook_message_id, created.body.id)).error,
    ).toMatch(/^refused address: localhost resolves to/);
    expect(r.requests).toHaveLength(0);
  });
});

describe('the e2e stack (like npm start) opts in to loopback receivers explicitly', () => {
  it('accepts a loopback URL through its allow-list and still refuses a private one', async () => {
    expect(stack().env['ENDPOINT_URL_ALLOWLIST']).toContain('127.0.0.0/8');
    const tenant = await newTenant('local');
    await waitForKey(tenant.prod);
    expect(
      (
        await api('POST', '/v1/endpoints', {
          key: tenant.prod,
          body: { url: 'http://127.0.0.1:9999/hook' },
        })
      ).status,
    ).toBe(201);
    const res = await api('POST', '/v1/endpoints', {
      key: tenant.prod,
      body: { url: 'http://10.0.0.1/hook' },
    });
    expect(res.status).toBe(400);
  });
});
