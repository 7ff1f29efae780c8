import { api } from '../support/api';
import { newTenant, waitForKey, type Tenant } from '../support/tenants';

let t: Tenant;
beforeAll(async () => {
  t = await newTenant('event types');
  await waitForKey(t.dev);
  await waitForKey(t.prod);
});

const schema = { type: 'object', required: ['score'], properties: { score: { type: 'number' } } };

describe('config: event types', () => {
  it('adds, reads, lists, updates and removes an event type with its payload schema', async () => {
    const created = await api('POST', '/v1/event-types', { key: t.dev, body: { name: 'cv-score-finished', description: 'A CV was scored.', schema } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'cv-score-finished', description: 'A CV was scored.', schema });
    expect((await api('GET', '/v1/event-types/cv-score-finished', { key: t.dev })).body).toEqual(created.body);
    const list = await api('GET', '/v1/event-types', { key: t.dev });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [created.body], next_cursor: null });

    const patched = await api('PATCH', '/v1/event-types/cv-score-finished', { key: t.dev, body: { schema: null } });
    expect(patched.status).toBe(200);
    expect(patched.body.schema).toBeNull();
    expect((await api('DELETE', '/v1/event-types/cv-score-finished', { key: t.dev })).status).toBe(204);
    expect((await api('GET', '/v1/event-types/cv-score-finished', { key: t.dev })).status).toBe(404);
  });

  it('answers 409 for a name taken in the same environment, and keeps environments apart', async () => {
    expect((await api('POST', '/v1/event-types', { key: t.dev, body: { name: 'order.paid' } })).status).toBe(201);
    const dup = await api('POST', '/v1/event-types', { key: t.dev, body: { name: 'order.paid' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    expect((await api('GET', '/v1/event-types/order.paid', { key: t.prod })).status).toBe(404);
    expect((await api('POST', '/v1/event-types', { key: t.prod, body: { name: 'order.paid' } })).status).toBe(201);
  });

  it.each([
    [{ name: 'Bad Name' }, 'name'],
    [{ name: 'x'.repeat(129) }, 'name'],
    [{ name: 'ok', description: 'x'.repeat(1025) }, 'description'],
    [{ name: 'ok', schema: 'object' }, 'schema'],
    [{ name: 'ok', schema: { type: 'no-such-type' } }, 'schema.type'],
    [{ name: 'ok', schema: { properties: { a: { minimum: 'one' } } } }, 'schema.properties.a.minimum'],
    [{ name: 'ok', version: 2 }, 'version'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await api('POST', '/v1/event-types', { key: t.dev, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });
});
