import { verifyStandard } from '@fastgen/signing';
import { USER_AGENT, redactedHeaders, requestHeaders } from './request-headers';

describe('request headers', () => {
  const at = new Date('2026-01-05T10:00:00.000Z');
  const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

  it('keeps custom headers lowercased but never lets them replace the reserved ones', () => {
    const headers = requestHeaders(
      { headers: { 'X-Team': 'scoring', 'Content-Type': 'text/plain', 'User-Agent': 'me', 'Webhook-Signature': 'forged' } },
      { secrets: [secret], messageId: 'msg_1', body: '{"a":1}', at },
    );
    expect(headers['x-team']).toBe('scoring');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe(USER_AGENT);
    expect(headers['webhook-signature']).not.toBe('forged');
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
  });

  it('signs the exact body with every active secret', () => {
    const other = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
    const body = '{"event":"e","id":"msg_1","payload":{"note":"a\\u0000b"}}';
    const headers = requestHeaders({ headers: {} }, { secrets: [secret, other], messageId: 'msg_1', body, at });
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    const standard = { 'webhook-id': headers['webhook-id'], 'webhook-timestamp': headers['webhook-timestamp'], 'webhook-signature': headers['webhook-signature'] };
    expect(verifyStandard(other, standard, body, { now: at.getTime() / 1000 }).ok).toBe(true);
  });

  it('redacts signatures and credentials for the log', () => {
    expect(redactedHeaders({ 'webhook-signature': 'v1,x', authorization: 'Bearer t', 'x-team': 'a' })).toEqual({
      'webhook-signature': '[redacted]',
      authorization: '[redacted]',
      'x-team': 'a',
    });
  });
});
