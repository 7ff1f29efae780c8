import { api } from '../support/api';
import { newTenant, waitForKey } from '../support/tenants';
import { waitFor } from '../support/wait';

// GET /v1/me: who an API key belongs to; the dashboard shows it after sign-in.
describe('GET /v1/me: the project and environment of the calling key', () => {
  it('names the project and the environment of a development key and of a production key', async () => {
    const name = `me ${Date.now()}`;
    const tenant = await newTenant(name);
    const other = await newTenant(`other ${Date.now()}`);
    await waitForKey(tenant.prod);
    await waitForKey(other.dev);
    const keys = await api(
      'GET',
      `/v1/admin/projects/${tenant.projectId}/api-keys`,
      { admin: true },
    );
    const keyOf = (environment: string) =>
      keys.body.data.find(
        (k: { environment: string }) => k.environment === environment,
      );

    for (const [key, environment] of [
      [tenant.dev, 'development'],
      [tenant.prod, 'production'],
    ] as const) {
      const me = await api('GET', '/v1/me', { key });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        project: { id: tenant.projectId, name },
        environment,
        key: { id: keyOf(environment).id, prefix: keyOf(environment).prefix },
      });
      expect(key.startsWith(me.body.key.prefix)).toBe(true);
      expect(JSON.stringify(me.body)).not.toContain(key);
    }
    // Another project's key sees its own project only.
    const theirs = await api('GET', '/v1/me', { key: other.dev });
    expect(theirs.body.project.id).toBe(other.projectId);
    expect(theirs.body.project.name).not.toBe(name);
  });

  it('answers 401 without a key, with an unknown key and with the admin token', async () => {
    for (const opts of [
      {},
      { key: 'fg_dev_' + 'x'.repeat(43) },
      { admin: true },
    ]) {
      const res = await api('GET', '/v1/me', opts);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('answers 401 for a key once it is revoked, while the other environment key still works', async () => {
    const tenant = await newTenant();
    await waitForKey(tenant.dev);
    expect((await api('GET', '/v1/me', { key: tenant.dev })).status).toBe(200);
    const keys = await api(
      'GET',
      `/v1/admin/projects/${tenant.projectId}/api-keys`,
      { admin: true },
    );
    const devKey = keys.body.data.find(
      (k: { environment: string }) => k.environment === 'development',
    );
    expect(
      (
        await api(
          'DELETE',
          `/v1/admin/projects/${tenant.projectId}/api-keys/${devKey.id}`,
          { admin: true },
        )
      ).status,
    ).toBe(200);
    await waitFor(
      'the revoked key to be refused by /v1/me',
      async () =>
        (await api('GET', '/v1/me', { key: tenant.dev })).status === 401,
      5_000,
      20,
    );
    const prod = await api('GET', '/v1/me', { key: tenant.prod });
    expect(prod.status).toBe(200);
    expect(prod.body.environment).toBe('production');
  });

  it('is documented in Swagger with its response schema and the 401', async () => {
    // Read loosely: a missing part makes the comparison below fail with the path in the diff.
    const doc = (await api('GET', '/docs-json')).body;
    const op = doc?.paths?.['/v1/me']?.get;
    // Response bodies are named schemas: follow the $ref.
    const schema = op?.responses?.['200']?.content?.['application/json']?.schema;
    const body = schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()] : schema;
    expect({
      responses: Object.keys(op?.responses ?? {}).sort(),
      fields: Object.keys(body?.properties ?? {}).sort(),
      security: op?.security,
    }).toEqual({
      responses: ['200', '401', '500', '503'],
      fields: ['environment', 'key', 'project'],
      security: [{ 'api-key': [] }],
    });
  });
});
