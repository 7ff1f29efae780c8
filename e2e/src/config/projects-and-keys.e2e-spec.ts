import { api } from '../support/api';
import { stack } from '../support/stack';
import { newTenant, waitForKey } from '../support/tenants';
import { control } from '../support/stack';
import { waitFor } from '../support/wait';

describe('config: projects and API keys (admin API)', () => {
  it('creates a project with both environments (201) and reads it back', async () => {
    const res = await api('POST', '/v1/admin/projects', { admin: true, body: { name: 'Acme' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Acme', environments: ['development', 'production'] });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await api('GET', `/v1/admin/projects/${res.body.id}`, { admin: true });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const list = await api('GET', '/v1/admin/projects?limit=100', { admin: true });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body).sort()).toEqual(['data', 'next_cursor']);
  });

  it('refuses every admin route without the admin token, or with an API key', async () => {
    const tenant = await newTenant();
    for (const [method, path] of [
      ['POST', '/v1/admin/projects'],
      ['GET', '/v1/admin/projects'],
      ['GET', `/v1/admin/projects/${tenant.projectId}`],
      ['POST', `/v1/admin/projects/${tenant.projectId}/api-keys`],
      ['GET', `/v1/admin/projects/${tenant.projectId}/api-keys`],
      ['DELETE', `/v1/admin/projects/${tenant.projectId}/api-keys/${tenant.projectId}`],
    ] as const) {
      expect((await api(method, path, { body: method === 'POST' ? { name: 'x' } : undefined })).status).toBe(401);
      expect((await api(method, path, { key: tenant.dev, body: method === 'POST' ? { name: 'x' } : undefined })).status).toBe(401);
    }
  });

  it('shows a key once, with a prefix telling its environment, and lists keys without them', async () => {
    const project = (await api('POST', '/v1/admin/projects', { admin: true, body: { name: 'keys' } })).body;
    const dev = await api('POST', `/v1/admin/projects/${project.id}/api-keys`, { admin: true, body: { environment: 'development', name: 'ci' } });
    const prod = await api('POST', `/v1/admin/projects/${project.id}/api-keys`, { admin: true, body: { environment: 'production' } });
    expect(dev.status).toBe(201);
    expect(dev.body).toMatchObject({ project_id: project.id, environment: 'development', name: 'ci', revoked_at: null });
    expect(dev.body.key).toMatch(/^fg_dev_[A-Za-z0-9_-]{43}$/);
    expect(prod.body.key).toMatch(/^fg_prod_[A-Za-z0-9_-]{43}$/);
    expect(dev.body.key.startsWith(dev.body.prefix)).toBe(true);

    const list = await api('GET', `/v1/admin/projects/${project.id}/api-keys`, { admin: true });
    expect(list.status).toBe(200);
    expect(list.body.data.map((k: { id: string }) => k.id)).toEqual([dev.body.id, prod.body.id]);
    expect(JSON.stringify(list.body)).not.toContain(dev.body.key);
    expect(list.body.data[0].key).toBeUndefined();
  });

  it('answers 401 for a missing, malformed or unknown API key', async () => {
    expect((await api('GET', '/v1/endpoints')).status).toBe(401);
    expect((await api('GET', '/v1/endpoints', { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).status).toBe(401);
    const unknown = await api('GET', '/v1/endpoints', { key: 'fg_dev_' + 'A'.repeat(43) });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unauthorized');
  });

  it('stops accepting a revoked key within a second (hot path, no call to config)', async () => {
    const tenant = await newTenant();
    await waitForKey(tenant.dev);
    const keys = await api('GET', `/v1/admin/projects/${tenant.projectId}/api-keys`, { admin: true });
    const devKey = keys.body.data.find((k: { environment: string }) => k.environment === 'development');
    const revoke = await api('DELETE', `/v1/admin/projects/${tenant.projectId}/api-keys/${devKey.id}`, { admin: true });
    const revokedAt = Date.now();
    expect(revoke.status).toBe(200);
    expect(revoke.body.revoked_at).not.toBeNull();
    await waitFor('the revoked key to be refused', async () => (await api('GET', '/v1/endpoints', { key: tenant.dev })).status === 401, 1_000, 10);
    console.log(`revoked key refused ${Date.now() - revokedAt} ms after the revoke call answered`);
    // The other environment's key is untouched; revoking again is harmless.
    expect((await api('GET', '/v1/endpoints', { key: tenant.prod })).status).toBe(200);
    const again = await api('DELETE', `/v1/admin/projects/${tenant.projectId}/api-keys/${devKey.id}`, { admin: true });
    expect(again.status).toBe(200);
    expect(again.body.revoked_at).toBe(revoke.body.revoked_at);
  });

  it('answers 404 for an unknown project or key, and for a key of another project', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const bKeys = await api('GET', `/v1/admin/projects/${b.projectId}/api-keys`, { admin: true });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await api('GET', `/v1/admin/projects/${missing}`, { admin: true })).status).toBe(404);
    expect((await api('GET', '/v1/admin/projects/not-a-uuid', { admin: true })).status).toBe(404);
    expect((await api('POST', `/v1/admin/projects/${missing}/api-keys`, { admin: true, body: { environment: 'development' } })).status).toBe(404);
    expect((await api('DELETE', `/v1/admin/projects/${a.projectId}/api-keys/${bKeys.body.data[0].id}`, { admin: true })).status).toBe(404);
    // b's key still works
    await waitForKey(b.dev);
  });

  it.each([
    [{}, 'name', 'is required'],
    [{ name: '' }, 'name', 'must NOT have fewer than 1 characters'],
    [{ name: 'x'.repeat(201) }, 'name', 'must NOT have more than 200 characters'],
    [{ name: 42 }, 'name', 'must be string'],
    [{ name: 'ok', owner: 'me' }, 'owner', 'is not a known field'],
  ])('refuses project body %j with 400 naming %s', async (body, field, message) => {
    const res = await api('POST', '/v1/admin/projects', { admin: true, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toContainEqual({ field, message });
  });

  it.each([
    [{}, 'environment'],
    [{ environment: 'staging' }, 'environment'],
    [{ environment: 'development', scopes: ['all'] }, 'scopes'],
  ])('refuses API key body %j with 400 naming %s', async (body, field) => {
    const tenant = await newTenant();
    const res = await api('POST', `/v1/admin/projects/${tenant.projectId}/api-keys`, { admin: true, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('rebuilds its key view after a restart before it reports ready', async () => {
    const tenant = await newTenant();
    await waitForKey(tenant.prod);
    await control.restart('gateway'); // returns once /readyz answers 200
    const res = await api('GET', '/v1/endpoints', { key: tenant.prod });
    expect(res.status).toBe(200);
    expect(stack().urls.gateway).toBeTruthy();
  });
});
