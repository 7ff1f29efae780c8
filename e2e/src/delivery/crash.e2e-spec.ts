import { api } from '../support/api';
import { Receiver } from '../support/receiver';
import { closeSeed, seedEndpoint, seedTenant } from '../support/seed';
import { control } from '../support/stack';
import { waitFor } from '../support/wait';

describe('delivery survives a crash of the dispatcher', () => {
  const r = new Receiver();
  afterAll(async () => {
    await r.stop();
    await closeSeed();
  });

  jest.setTimeout(300_000);

  it('delivers every accepted id at least once after kill -9 in the middle of 2,000 messages', async () => {
    const tenant = await seedTenant();
    await r.start();
    await seedEndpoint(tenant, r.url);
    const seen = () => new Set(r.requests.map((q) => (JSON.parse(q.body) as { id: string }).id));
    const accepted: string[] = [];
    let killed = false;
    for (let batch = 0; batch < 100; batch++) {
      const ids = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const res = await api('POST', '/v1/events', { key: tenant.key, body: { event: 'crash.test', payload: { batch, i } } });
          expect(res.status).toBe(202);
          return res.body.webhook_message_id as string;
        }),
      );
      accepted.push(...ids);
      if (!killed && r.requests.length > 200) {
        await control.kill('dispatcher', 'SIGKILL');
        killed = true;
      }
    }
    expect(killed).toBe(true);
    await control.start('dispatcher');
    await waitFor('every accepted id at the receiver', () => accepted.every((id) => seen().has(id)) || undefined, 120_000, 500);
    expect(accepted).toHaveLength(2000);
  });
});
