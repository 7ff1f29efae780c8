import { Webhook } from 'standardwebhooks';
import {
  buildSignatureHeaders,
  generateSecret,
  signFastgen,
  signStandard,
  SigningError,
  standardSignatureHeader,
  verifyFastgen,
  verifyStandard,
} from './index';

describe('generateSecret', () => {
  it('returns whsec_ + base64 of 32 random bytes', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});

describe('signing', () => {
  const secret = generateSecret();
  const body = '{"event":"x","id":"1","payload":{"t":"é"}}';

  it('signs the exact bytes: a Buffer with non-UTF-8 bytes is not re-encoded', () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(signFastgen(secret, raw)).not.toBe(
      signFastgen(secret, raw.toString('utf8')),
    );
    expect(verifyFastgen(secret, raw, signFastgen(secret, raw))).toEqual({
      ok: true,
    });
    const sig = signStandard(secret, 'msg_1', 1700000000, raw);
    expect(
      verifyStandard(
        secret,
        {
          'webhook-id': 'msg_1',
          'webhook-timestamp': '1700000000',
          'webhook-signature': sig,
        },
        raw,
        { now: 1700000000 },
      ),
    ).toEqual({ ok: true });
  });

  it('builds headers that the standardwebhooks package accepts', () => {
    const now = Math.floor(Date.now() / 1000);
    const old = generateSecret();
    const headers = buildSignatureHeaders({
      secrets: [secret, old],
      id: 'msg_abc',
      timestamp: now,
      body,
    });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() =>
      new Webhook(secret).verify(body, { ...headers }),
    ).not.toThrow();
    expect(() => new Webhook(old).verify(body, { ...headers })).not.toThrow();
    expect(() =>
      new Webhook(generateSecret()).verify(body, { ...headers }),
    ).toThrow();
  });

  it('matches the standardwebhooks package signature', () => {
    const at = new Date(1614265330 * 1000);
    expect(
      signStandard(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body),
    ).toBe(new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at, body));
  });

  it('throws a SigningError for unusable secrets, ids, timestamps and empty secret lists', () => {
    const cases: Array<() => unknown> = [
      () => signStandard('not-a-secret', 'id', 1, body),
      () => signStandard('whsec_', 'id', 1, body),
      () => signStandard('whsec_***', 'id', 1, body),
      () => signStandard(secret, '', 1, body),
      () => signStandard(secret, 'id with space', 1, body),
      () => signStandard(secret, 'id', -1, body),
      () => signStandard(secret, 'id', 1.5, body),
      () => signFastgen('', body),
      () => standardSignatureHeader([], 'id', 1, body),
      () =>
        buildSignatureHeaders({ secrets: [], id: 'id', timestamp: 1, body }),
    ];
    for (const c of cases) expect(c).toThrow(SigningError);
  });

  it('does not echo the secret in error messages', () => {
    const bad = 'whsec_not*base64*supersecret';
    try {
      signStandard(bad, 'id', 1, body);
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as Error).message).not.toContain('supersecret');
    }
  });
});
