import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '@fastgen/contracts';
import { verifyFastgen, verifyStandard } from '@fastgen/signing';
import { api } from '../support/api';
import { query } from '../support/db';
import { Receiver } from '../support/receiver';
import { closeSeed, seedEndpoint, seedTenant, type SeededEndpoint, type Tenant } from '../support/seed';
import { waitFor } from '../support/wait';

// Every valid JSON payload the API accepts is delivered byte for byte as signed, stored exactly
// and shown as sent: NUL and control characters, lone surrogates, emoji, extreme numbers, empty
// containers, nesting up to the documented limit. None may stall the pipeline for anyone.

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('a\u0000b', '\u0000', '\u0001\u001f\u007f', '\ud800', 'x\udc00', '\udbff\udfff', '🎉 ok', '\u2028\u2029', '"\\/'),
);
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0),
);
// "__proto__" is refused at the door (prototype poisoning); every other key is a payload key.
const key = text.filter((k) => k !== '__proto__' && k !== 'constructor');
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 4 }),
  ),
}));

/** A payload nested `depth` levels deep (the request body adds one more level). */
const nested = (depth: number): unknown => {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = i % 2 ? { d: v } : [v];
  return v;
};

describe('hostile but valid payloads', () => {
  jest.setTimeout(240_000);
  const receiver = new Receiver();
  let tenant: Tenant;
  let endpoint: SeededEndpoint;

  beforeAll(async () => {
    tenant = await seedTenant();
    await receiver.start();
    endpoint = await seedEndpoint(tenant, receiver.url);
  });
  afterAll(async () => {
    await receiver.stop();
    await closeSeed();
  });

  const publish = async (payload: unknown): Promise<string> => {
    const res = await api('POST', '/v1/events', { key: tenant.key, body: { event: 'hostile.payload', payload } });
    if (res.status !== 202) throw new Error(`expected 202, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.webhook_message_id as string;
  };

  const expectDeliveredExactly = async (id: string, payload: unknown) => {
    const expected = JSON.stringify({ event: 'hostile.payload', id, payload });
    const delivered = await waitFor(`delivery of ${id}`, () => receiver.requests.find((r) => r.headers['webhook-id'] === id), 20_000, 50);
    expect(delivered.body).toBe(expected);
    expect(verifyFastgen(endpoint.secret, delivered.body, delivered.headers['x-fastgen-signature']).ok).toBe(true);
    expect(verifyStandard(endpoint.secret, delivered.headers, delivered.body).ok).toBe(true);
  };

  const expectLoggedExactly = async (id: string, payload: unknown) => {
    const [row] = await waitFor(`message ${id} in the log`, async () => {
      const rows = await query<{ payload: string }>(`select payload from log.messages where id = $1`, [id]);
      return rows.length > 0 ? rows : undefined;
    }, 20_000, 100);
    expect(row!.payload).toBe(JSON.stringify(payload));
    const detail = await api('GET', `/v1/messages/${id}`, { key: tenant.key });
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body.payload)).toBe(JSON.stringify(payload));
  };

  it('delivers every random valid JSON payload byte for byte, signed, and logs it as sent', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (payload) => {
        const id = await publish(payload);
        await expectDeliveredExactly(id, payload);
        await expectLoggedExactly(id, payload);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('takes nesting up to the documented limit and refuses one level more with a 400 naming it', async () => {
    const deepest = nested(MAX_JSON_DEPTH - 1); // + the body itself = the limit
    const id = await publish(deepest);
    await expectDeliveredExactly(id, deepest);
    await expectLoggedExactly(id, deepest);
    const tooDeep = await api('POST', '/v1/events', { key: tenant.key, body: { event: 'hostile.payload', payload: nested(MAX_JSON_DEPTH) } });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.message).toContain(`${MAX_JSON_DEPTH} levels`);
    const hostile = await api('POST', '/v1/events', { key: tenant.key, body: '{"event":"x","payload":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}' });
    expect(hostile.status).toBe(400);
    expect(JSON.stringify(hostile.body)).not.toMatch(/call stack/i);
  });

  it('logs an ordinary event published right after them within seconds', async () => {
    const id = await publish({ order: 42 });
    await waitFor('the ordinary event in the log', async () => (await query(`select 1 from log.messages where id = $1`, [id])).length === 1, 10_000, 100);
  });
});
