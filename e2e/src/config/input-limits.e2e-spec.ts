import { api } from '../support/api';
import { closeSeed, seedTenant, type Tenant } from '../support/seed';

// What can never be handled is refused at the door with a 400 naming the field (never a 503), and
// a name accepted at creation can be read, updated and deleted through every route.
describe('input limits', () => {
  let tenant: Tenant;

  beforeAll(async () => {
    tenant = await seedTenant();
  });
  afterAll(() => closeSeed());

  const fieldsOf = (res: { body: { error?: { fields?: { field: string }[] } } }) => (res.body.error?.fields ?? []).map((f) => f.field);

  it('reads, updates and deletes an event type whose name has the longest length it was created with', async () => {
    const name = `a${'b'.repeat(127)}`;
    expect((await api('POST', '/v1/event-types', { key: tenant.key, body: { name } })).status).toBe(201);
    expect((await api('GET', `/v1/event-types/${name}`, { key: tenant.key })).status).toBe(200);
    expect((await api('PATCH', `/v1/event-types/${name}`, { key: tenant.key, body: { description: 'longest' } })).status).toBe(200);
    expect((await api('DELETE', `/v1/event-types/${name}`, { key: tenant.key })).status).toBe(204);
    expect((await api('POST', '/v1/event-types', { key: tenant.key, body: { name: name + 'c' } })).status).toBe(400);
    expect((await api('POST', `/v1/workflows/${name}`, { key: tenant.key, body: {} })).status).toBe(202);
  });

  it('refuses NUL in names and text fields with a 400 naming the field', async () => {
    const project = await api('POST', '/v1/admin/projects', { admin: true, body: { name: 'Acme\u0000' } });
    expect(project.status).toBe(400);
    expect(fieldsOf(project)).toEqual(['name']);
    const endpoint = await api('POST', '/v1/endpoints', { key: tenant.key, body: { url: 'https://hooks.example.com/x', description: 'a\u0000b' } });
    expect(endpoint.status).toBe(400);
    expect(fieldsOf(endpoint)).toEqual(['description']);
    const eventType = await api('POST', '/v1/event-types', { key: tenant.key, body: { name: 'nul.check', description: '\u0000' } });
    expect(eventType.status).toBe(400);
    expect(fieldsOf(eventType)).toEqual(['description']);
  });

  it('refuses a lone surrogate or NUL inside an event type schema, naming where it is', async () => {
    const surrogate = await api('POST', '/v1/event-types', {
      key: tenant.key,
      body: { name: 'schema.check', schema: { type: 'object', properties: { note: { type: 'string', description: 'x\ud800' } } } },
    });
    expect(surrogate.status).toBe(400);
    expect(fieldsOf(surrogate)).toEqual(['schema.properties.note.description']);
    const nul = await api('POST', '/v1/event-types', { key: tenant.key, body: { name: 'schema.check', schema: { title: '\u0000' } } });
    expect(nul.status).toBe(400);
  });

  it('refuses JSON nested deeper than the documented limit with a 400 naming the limit, on any route', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const [path, body] of [
      ['/v1/events', `{"event":"deep.check","payload":${deep}}`],
      ['/v1/event-types', `{"name":"deep.check","schema":{"default":${deep}}}`],
    ] as const) {
      const res = await api('POST', path, { key: tenant.key, body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('64 levels');
      expect(JSON.stringify(res.body)).not.toMatch(/stack|sql|\.v1/i);
    }
  });

  it('accepts NUL in an event payload (the request of the issue): it is valid JSON', async () => {
    const res = await api('POST', '/v1/events', { key: tenant.key, body: '{"event":"order.paid","payload":{"note":"a\\u0000b"}}' });
    expect(res.status).toBe(202);
  });
});
