import { ExtraStack } from '../support/extra-stack';
import { stack } from '../support/stack';

// The production URL policy is a deployment setting (NODE_ENV=production or
// ENDPOINT_URL_POLICY=public-only), so it is checked on a second small stack that runs with it.
const extra = new ExtraStack(['config', 'gateway'], { ENDPOINT_URL_POLICY: 'public-only', ENDPOINT_URL_ALLOWLIST: '10.1.2.0/24, fd00:1::/32' });
let key = '';

async function call(method: string, path: string, body?: unknown, token = key): Promise<{ status: number; body: any }> {
  const res = await fetch(`${extra.urls.gateway}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  await extra.up();
  const project = await call('POST', '/v1/admin/projects', { name: 'ssrf' }, stack().env.ADMIN_TOKEN);
  const created = await call('POST', `/v1/admin/projects/${project.body.id}/api-keys`, { environment: 'production' }, stack().env.ADMIN_TOKEN);
  key = created.body.key;
  const deadline = Date.now() + 5_000;
  while ((await call('GET', '/v1/endpoints')).status !== 200) {
    if (Date.now() > deadline) throw new Error('the key of the extra stack was never accepted');
    await new Promise((r) => setTimeout(r, 20));
  }
}, 180_000);

afterAll(() => extra.down(), 60_000);

describe('config: endpoint URLs under the production (public-only) policy', () => {
  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.1.2.3:8080/hook', 'loopback'],
    ['http://localhost:3000/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://10.0.0.1/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.10/', 'private'],
    ['http://[::ffff:192.168.1.10]/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://169.254.10.1/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://100.64.0.1/', 'cgnat'],
    ['http://100.100.100.200/', 'cgnat'],
    ['http://[fc00::1]/', 'unique-local'],
    ['http://[fd12:3456::1]/', 'unique-local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://192.0.2.1/', 'documentation'],
    ['http://198.51.100.1/', 'documentation'],
    ['http://203.0.113.1/', 'documentation'],
    ['http://[2001:db8::1]/', 'documentation'],
    ['http://198.18.0.1/', 'benchmarking'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://10.1.3.1/', 'private'], // next to the allow-listed 10.1.2.0/24
  ])('refuses %s (%s) with 400 naming url', async (url, category) => {
    const res = await call('POST', '/v1/endpoints', { url });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'url', message: expect.stringContaining(`must not point to a ${category} address`) }]);
  });

  it('refuses a non-public URL on update too', async () => {
    const created = await call('POST', '/v1/endpoints', { url: 'https://93.184.216.34/hooks' });
    expect(created.status).toBe(201);
    const res = await call('PATCH', `/v1/endpoints/${created.body.id}`, { url: 'http://169.254.169.254/' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('url');
    expect((await call('GET', `/v1/endpoints/${created.body.id}`)).body.url).toBe('https://93.184.216.34/hooks');
  });

  it('accepts public addresses and the allow-listed ranges', async () => {
    for (const url of ['https://93.184.216.34/hooks', 'http://[2606:4700:4700::1111]/', 'http://10.1.2.3:8080/internal', 'http://[fd00:1::5]/']) {
      const res = await call('POST', '/v1/endpoints', { url });
      expect({ url, status: res.status }).toEqual({ url, status: 201 });
    }
  });

  it('allows private URLs in the default (local development) policy of the main stack', async () => {
    const { newTenant, waitForKey } = await import('../support/tenants');
    const { api } = await import('../support/api');
    const tenant = await newTenant('local');
    await waitForKey(tenant.prod);
    const res = await api('POST', '/v1/endpoints', { key: tenant.prod, body: { url: 'http://127.0.0.1:9999/hook' } });
    expect(res.status).toBe(201);
  });
});
