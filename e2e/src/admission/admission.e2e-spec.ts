import { api } from '../support/api';
import { Receiver } from '../support/receiver';
import { newTenant, waitForKey, type Tenant } from '../support/tenants';
import { waitFor } from '../support/wait';

// Admission control: a project environment over its rate or its backlog quota gets 429 with
// Retry-After on POST /v1/events, and nobody else does.
let tenant: Tenant;
let other: Tenant;
const receiver = new Receiver(() => ({ status: 500, body: 'down for the test' }));

const publish = (key: string) => api('POST', '/v1/events', { key, body: { event: 'admission.test', payload: { n: 1 } } });
const setLimits = async (projectId: string, limits: Record<string, number | null>) => {
  const res = await api('PATCH', `/v1/admin/projects/${projectId}`, { admin: true, body: { limits } });
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(async () => {
  [tenant, other] = await Promise.all([newTenant('admission'), newTenant('admission bystander')]);
  await Promise.all([waitForKey(tenant.prod), waitForKey(tenant.dev), waitForKey(other.prod)]);
  await receiver.start();
});

afterAll(async () => {
  await receiver.stop();
});

describe('per-project limits through the admin API', () => {
  it('shows the limits of a new project as platform defaults (null)', async () => {
    const res = await api('GET', `/v1/admin/projects/${tenant.projectId}`, { admin: true });
    expect(res.body.limits).toEqual({ events_per_second: null, burst: null, max_backlog: null });
  });

  it('refuses a limit that is not a positive integer with 400 naming it', async () => {
    const res = await api('PATCH', `/v1/admin/projects/${tenant.projectId}`, { admin: true, body: { limits: { events_per_second: 0 } } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('events_per_second');
  });

  it('answers 404 for an unknown project', async () => {
    const res = await api('PATCH', '/v1/admin/projects/0b6f2a52-5d1c-4d39-9a35-3c8f1a3e2c11', { admin: true, body: { limits: { burst: 5 } } });
    expect(res.status).toBe(404);
  });
});

describe('rate', () => {
  afterAll(() => setLimits(tenant.projectId, { events_per_second: null, burst: null }));

  it('answers 429 with Retry-After past the burst, only for that project environment', async () => {
    const project = await setLimits(tenant.projectId, { events_per_second: 1, burst: 3 });
    expect(project.limits).toMatchObject({ events_per_second: 1, burst: 3 });
    // The gateway learns the new limits from Kafka within moments: publish until it refuses.
    const refused = await waitFor('a 429 once the burst of 3 is spent', async () => {
      const res = await publish(tenant.prod);
      return res.status === 429 ? res : undefined;
    }, 10_000, 10);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
    // A refusal is answered after a pause (ADMISSION_REFUSAL_DELAY_MS, 250 ms), so a client that
    // retries at once cannot hammer the gateway; a 202 is not held up.
    const started = Date.now();
    expect((await publish(tenant.prod)).status).toBe(429);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(refused.body.error.message).toContain('1 events/s');

    // The same project's development environment has a budget of its own; other projects are untouched.
    expect((await publish(tenant.dev)).status).toBe(202);
    expect((await publish(other.prod)).status).toBe(202);
    // Workflow calls count against the same budget.
    expect((await api('POST', '/v1/workflows/cv-score', { key: tenant.prod, body: { cv: 'x' } })).status).toBe(429);
  });

  it('accepts again once the limit is lifted', async () => {
    await setLimits(tenant.projectId, { events_per_second: 100_000, burst: null });
    await waitFor('a 202 after raising the rate', async () => (await publish(tenant.prod)).status === 202, 10_000, 20);
  });
});

describe('backlog quota', () => {
  let endpointId = '';

  afterAll(async () => {
    await setLimits(tenant.projectId, { max_backlog: null });
    if (endpointId) await api('DELETE', `/v1/endpoints/${endpointId}`, { key: tenant.prod });
  });

  it('answers 429 while more deliveries wait than the quota allows, and 202 again when the quota is lifted', async () => {
    const created = await api('POST', '/v1/endpoints', { key: tenant.prod, body: { url: `${receiver.url}/failing`, event_types: ['admission.backlog'] } });
    expect(created.status).toBe(201);
    endpointId = created.body.id;
    await setLimits(tenant.projectId, { max_backlog: 2 });
    // Every accepted event leaves a delivery retrying against the failing endpoint; the
    // dispatcher reports the backlog every few seconds and the gateway then refuses.
    const refused = await waitFor('a 429 for the backlog', async () => {
      const res = await api('POST', '/v1/events', { key: tenant.prod, body: { event: 'admission.backlog', payload: {} } });
      return res.status === 429 ? res : undefined;
    }, 30_000, 250);
    expect(refused.body.error.message).toContain('deliveries waiting');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await publish(other.prod)).status).toBe(202);

    await setLimits(tenant.projectId, { max_backlog: null });
    await waitFor('a 202 once the quota is lifted', async () => (await publish(tenant.prod)).status === 202, 10_000, 50);
  }, 60_000);
});

describe('a flood of refusals in the incoming log', () => {
  let flood: Tenant;
  beforeAll(async () => {
    flood = await newTenant('admission flood');
    await waitForKey(flood.prod);
  });

  it('logs the first refusals of each second one by one and folds the rest into rows that count them', async () => {
    await setLimits(flood.projectId, { events_per_second: 1, burst: 1 });
    await waitFor('a 429 once the burst of 1 is spent', async () => (await publish(flood.prod)).status === 429, 10_000, 10);
    // A client that ignores Retry-After: 150 more requests, 10 at a time.
    let refused = 1;
    for (let wave = 0; wave < 15; wave++) {
      const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await publish(flood.prod)).status));
      refused += statuses.filter((s) => s === 429).length;
    }
    expect(refused).toBeGreaterThan(100);
    // Every refusal is in the log, counted: the rows' 1 + repeated add up to what was refused,
    // in far fewer rows than requests (10 a second one by one, then one per second).
    const rows = await waitFor('every refusal counted in the incoming log', async () => {
      const res = await api('GET', '/v1/logs/incoming?status=429&limit=100', { key: flood.prod });
      const data = res.body.data as { repeated: number; status: number }[];
      return data.reduce((sum, r) => sum + 1 + r.repeated, 0) === refused ? data : undefined;
    }, 15_000, 200);
    expect(rows.length).toBeLessThan(refused / 2);
    expect(rows.some((r) => r.repeated > 0)).toBe(true);
    expect(rows.every((r) => r.status === 429)).toBe(true);
  }, 40_000);
});
