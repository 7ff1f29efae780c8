import type { Endpoint } from '@fastgen/sdk';
import { api, sdk, type ApiError } from '../support/api';
import { seedTenant, type Tenant } from '../support/seed';
import { stack } from '../support/stack';

// What every HTTP answer of the gateway carries, and what it never gives away.
describe('gateway HTTP exposure: headers, errors, CORS, methods', () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await seedTenant();
  });

  it('marks every /v1 answer no-store, the secret included and errors too', async () => {
    const created = await sdk({ key: tenant.key }).POST('/v1/endpoints', {
      body: { url: 'https://hooks.example.com/exposure' },
    });
    const id = (created.data as Endpoint).id;
    for (const path of [
      `/v1/endpoints/${id}/secret`,
      '/v1/me',
      '/v1/no-such-route',
    ]) {
      const res = await api('GET', path, { key: tenant.key });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect((await api('GET', '/v1/me')).headers.get('cache-control')).toBe(
      'no-store',
    );
  });

  it('sends security headers on the API and on /docs, with a CSP under which Swagger UI loads', async () => {
    for (const path of ['/v1/me', '/docs', '/docs/']) {
      const res = await fetch(`${stack().urls.gateway}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toContain(
        'max-age=',
      );
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    // Swagger UI's page loads its scripts from this origin only (nothing inline the CSP would block).
    const page = await (await fetch(`${stack().urls.gateway}/docs`)).text();
    expect(page).toContain('swagger-ui-init.js');
    expect(page).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  it('never echoes the query string or the body in an error', async () => {
    // Not shaped like a real key: other tests scan the service logs for anything that is.
    const secret = 'query-secret-4f2a9c';
    const notFound = await api<ApiError>('GET', `/nope?api_key=${secret}`);
    expect(notFound.status).toBe(404);
    expect(JSON.stringify(notFound.body)).not.toContain(secret);
    expect(notFound.body.error.message).toContain('/nope');
    const badJson = await api<ApiError>(
      'POST',
      `/v1/endpoints?token=${secret}`,
      { key: tenant.key, body: `{"url": "${secret}"` },
    );
    expect(badJson.status).toBe(400);
    expect(JSON.stringify(badJson.body)).not.toContain(secret);
  });

  it('answers 405 with Allow for a method a known path does not serve', async () => {
    const res = await api<ApiError>('PUT', '/v1/endpoints', {
      key: tenant.key,
      body: {},
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(res.body.error.code).toBe('method_not_allowed');
  });

  it('sends no CORS headers when CORS_ORIGINS is empty (the default)', async () => {
    const res = await fetch(`${stack().urls.gateway}/v1/me`, {
      headers: {
        origin: 'https://evil.example.com',
        authorization: `Bearer ${tenant.key}`,
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${stack().urls.gateway}/v1/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example.com',
        'access-control-request-method': 'GET',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes a DELETE with a JSON content type and no body', async () => {
    const created = await sdk({ key: tenant.key }).POST('/v1/endpoints', {
      body: { url: 'https://hooks.example.com/delete-me' },
    });
    const res = await api(
      'DELETE',
      `/v1/endpoints/${(created.data as Endpoint).id}`,
      { key: tenant.key, headers: { 'content-type': 'application/json' } },
    );
    expect(res.status).toBe(204);
  });

  it('refuses a PATCH without a body with a 400 naming the body, as the spec requires one', async () => {
    const created = await sdk({ key: tenant.key }).POST('/v1/endpoints', {
      body: { url: 'https://hooks.example.com/patch-me' },
    });
    const res = await api<ApiError>(
      'PATCH',
      `/v1/endpoints/${(created.data as Endpoint).id}`,
      { key: tenant.key },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.field).toBe('body');
  });

  it('answers typed through the generated SDK: data on success, the Error body on failure', async () => {
    const client = sdk({ key: tenant.key });
    const me = await client.GET('/v1/me');
    expect(me.data?.environment).toBe('development');
    const missing = await client.GET('/v1/endpoints/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('not_found');
  });
});
