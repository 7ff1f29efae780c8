import { api } from '../support/api';
import { stack } from '../support/stack';

// The gateway serves the built dashboard (tools/stack builds it with the services).
async function get(path: string) {
  const res = await fetch(`${stack().urls.gateway}${path}`);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: await res.text(),
  };
}

describe('dashboard: the gateway serves the web UI at / without shadowing the API', () => {
  it('answers the app at / and at the deep links /webhooks and /logs', async () => {
    for (const path of ['/', '/webhooks', '/logs?tab=incoming&status=500']) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.type).toContain('text/html');
      expect(res.body).toContain('<div id="root"></div>');
    }
  });

  it('serves the script the page loads', async () => {
    const page = await get('/');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const js = await get(script as string);
    expect(js.status).toBe(200);
    expect(js.type).toContain('javascript');
  });

  it('leaves /v1, /docs, /healthz and /readyz to the API', async () => {
    const unauthorized = await api('GET', '/v1/admin/system/ping');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body.error.code).toBeDefined();
    const unknown = await get('/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/json');
    expect((await get('/docs-json')).body).toContain('"openapi"');
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });
});
