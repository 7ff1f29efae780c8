import { api } from '../support/api';
import { Receiver } from '../support/receiver';
import { newTenant, waitForKey, type Tenant } from '../support/tenants';
import { waitFor } from '../support/wait';

// One tenant's flood never delays another's webhooks: while project A has a backlog (a hanging
// endpoint and two slow ones, hundreds of events waiting), project B's events reach B's endpoint
// within seconds.
const A_EVENTS = 600;
const B_EVENTS = 10;
let a: Tenant;
let b: Tenant;
const slowA = new Receiver(() => ({ status: 200, delayMs: 2_000 }));
const hangingA = new Receiver(() => ({ status: 200, delayMs: 120_000 }));
const fastB = new Receiver(() => ({ status: 204 }));
const endpointsA: string[] = [];

async function endpoint(tenant: Tenant, url: string): Promise<string> {
  const res = await api('POST', '/v1/endpoints', { key: tenant.prod, body: { url, event_types: ['fairness.tick'] } });
  if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function publishMany(key: string, n: number, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const res = await api('POST', '/v1/events', { key, body: { event: 'fairness.tick', payload: { n: next } } });
        if (res.status !== 202) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.webhook_message_id);
      }
    }),
  );
  return ids;
}

beforeAll(async () => {
  [a, b] = await Promise.all([newTenant('fairness A (flood)'), newTenant('fairness B')]);
  await Promise.all([waitForKey(a.prod), waitForKey(b.prod)]);
  // A's flood is within what admission lets through: fairness must hold inside the quotas too.
  const lifted = await api('PATCH', `/v1/admin/projects/${a.projectId}`, { admin: true, body: { limits: { events_per_second: 100_000, max_backlog: 10_000_000 } } });
  expect(lifted.status).toBe(200);
  await Promise.all([slowA.start(), hangingA.start(), fastB.start()]);
  endpointsA.push(await endpoint(a, `${slowA.url}/one`), await endpoint(a, `${slowA.url}/two`), await endpoint(a, `${hangingA.url}/hang`));
  await endpoint(b, `${fastB.url}/b`);
}, 60_000);

afterAll(async () => {
  // Stop A's deliveries so that later test files do not share the dispatcher with this backlog.
  await Promise.all(endpointsA.map((id) => api('DELETE', `/v1/endpoints/${id}`, { key: a.prod })));
  await Promise.all([slowA.stop(), hangingA.stop(), fastB.stop()]);
});

it("delivers B's events during A's flood, before A's backlog has drained", async () => {
  // B publishes in the middle of A's flood, so B's messages sit in the same topic partitions
  // behind A's and B's deliveries compete with A's backlog in the schedule.
  const flood = publishMany(a.prod, A_EVENTS, 32);
  await waitFor("A's flood under way", () => slowA.requests.length > 0, 15_000, 10);
  const started = Date.now();
  const idsB = await publishMany(b.prod, B_EVENTS, 2);
  await waitFor(`B's ${B_EVENTS} deliveries`, () => fastB.requests.length >= B_EVENTS, 15_000, 20);
  const tookMs = Date.now() - started;
  // Fair, not merely eventual: A's backlog was still there when B's last event arrived.
  const slowReceived = slowA.requests.length;
  expect(slowReceived).toBeLessThan(2 * A_EVENTS);
  expect(new Set(fastB.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(idsB));
  await flood;
  console.log(`fairness: B's ${B_EVENTS} events delivered in ${tookMs} ms; A's slow endpoints had ${slowReceived} of ${2 * A_EVENTS} deliveries by then`);
}, 120_000);
