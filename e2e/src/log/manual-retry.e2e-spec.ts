import { TOPICS, type AttemptOutcome } from '@fastgen/contracts';
import { api } from '../support/api';
import { query } from '../support/db';
import { Receiver } from '../support/receiver';
import { closeSeed, readTopic, seedEndpoint, seedTenant, type Tenant } from '../support/seed';
import { waitFor } from '../support/wait';

// Manual retries through the real gateway, dispatcher and log service, to a real receiver.
describe('log: manual retry through the real dispatcher', () => {
  let t: Tenant;
  const r = new Receiver();
  let endpointId: string;

  beforeAll(async () => {
    await r.start();
    t = await seedTenant();
    endpointId = (await seedEndpoint(t, r.url)).id;
  });
  afterAll(async () => {
    await r.stop();
    await closeSeed();
  });

  const at = (id: string) => r.requests.filter((q) => (JSON.parse(q.body) as { id: string }).id === id);
  const attemptsIn = async (id: string, n: number) =>
    waitFor(`${n} attempts in the message detail`, async () => {
      const res = await api('GET', `/v1/messages/${id}`, { key: t.key });
      const d = res.body?.deliveries?.find((x: any) => x.endpoint_id === endpointId);
      return d?.attempts.length === n ? d : undefined;
    });

  it('delivers again on a message retry and a delivery retry, each a manual attempt in the detail', async () => {
    const published = await api('POST', '/v1/events', { key: t.key, body: { event: 'invoice.sent', payload: { invoice: 7 } } });
    expect(published.status).toBe(202);
    const id = published.body.webhook_message_id as string;
    const first = await attemptsIn(id, 1);
    expect(first.attempts[0].trigger).toBe('scheduled');

    const byMessage = await api('POST', `/v1/messages/${id}/retry`, { key: t.key });
    expect(byMessage.status).toBe(202);
    expect(byMessage.body.endpoint_ids).toEqual([endpointId]);
    await waitFor('the retried message at the receiver', () => at(id).length === 2);
    const second = await attemptsIn(id, 2);
    expect(second.attempts.map((a: any) => a.trigger).sort()).toEqual(['manual', 'scheduled']);

    const byDelivery = await api('POST', `/v1/deliveries/${first.id}/retry`, { key: t.key });
    expect(byDelivery.status).toBe(202);
    await waitFor('the retried delivery at the receiver', () => at(id).length === 3);
    const third = await attemptsIn(id, 3);
    expect(third.attempts.filter((a: any) => a.trigger === 'manual')).toHaveLength(2);
    expect(third.status).toBe('succeeded');
    // Every copy is the same message, byte for byte.
    expect(new Set(at(id).map((q) => q.body)).size).toBe(1);
  });

  it('does not retry a failing manual attempt', async () => {
    const published = await api('POST', '/v1/events', { key: t.key, body: { event: 'invoice.sent', payload: { invoice: 8 } } });
    const id = published.body.webhook_message_id as string;
    const delivery = await attemptsIn(id, 1);
    r.setResponder(() => ({ status: 500, body: 'down' }));
    try {
      expect((await api('POST', `/v1/deliveries/${delivery.id}/retry`, { key: t.key })).status).toBe(202);
      const detail = await attemptsIn(id, 2);
      const manual = detail.attempts.find((a: any) => a.trigger === 'manual');
      expect(manual.response_status).toBe(500);
      // The dispatcher's own record: the manual attempt failed with nothing scheduled after it ...
      const outcome = await waitFor('the manual outcome', async () =>
        (await readTopic<AttemptOutcome>(TOPICS.dispatcher.attempts)).find((o) => o.message_id === id && o.trigger === 'manual'),
      );
      expect(outcome).toMatchObject({ delivery_status: 'failed', next_attempt_at: null, response_status: 500 });
      // ... and no job of this delivery is waiting for another attempt.
      const open = await query(`select id from dispatcher.delivery_jobs where delivery_id = $1 and status in ('pending', 'retrying')`, [delivery.id]);
      expect(open).toEqual([]);
      expect(at(id)).toHaveLength(2);
    } finally {
      r.setResponder(() => ({ status: 200, body: 'ok' }));
    }
  });
});
