import { generateSecret } from './secret';
import { verifyFastgen, verifyStandard } from './verify';
import { webhookBody, webhookRequestHeaders } from './webhook-request';

describe('webhook request', () => {
  it('builds the body in the documented key order, null for a missing payload', () => {
    expect(
      webhookBody({ payload: { a: 1 }, id: 'm1', event: 'order.paid' }),
    ).toBe('{"event":"order.paid","id":"m1","payload":{"a":1}}');
    expect(webhookBody({ id: 'm1', event: 'order.paid' })).toBe(
      '{"event":"order.paid","id":"m1","payload":null}',
    );
  });

  it('signs the exact body so that both signatures verify', () => {
    const secret = generateSecret();
    const body = webhookBody({
      event: 'order.paid',
      id: 'msg_1',
      payload: { n: 1 },
    });
    const at = new Date();
    const headers = webhookRequestHeaders({
      secrets: [secret],
      id: 'msg_1',
      at,
      body,
    });
    expect(headers['content-type']).toBe('application/json');
    expect(
      verifyFastgen(secret, body, headers['x-fastgen-signature']!),
    ).toMatchObject({ ok: true });
    expect(verifyStandard(secret, headers, body)).toMatchObject({ ok: true });
  });
});
