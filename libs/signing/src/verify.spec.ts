import {
  generateSecret,
  signFastgen,
  signStandard,
  standardSignatureHeader,
  verifyFastgen,
  verifyStandard,
} from './index';

const secret = generateSecret();
const body = '{"event":"cv-score-finished","id":"m1","payload":{}}';
const id = 'm1';
const ts = 1764201600;
const headers = (signature: string, timestamp: string | number = ts) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});
const good = signStandard(secret, id, ts, body);

describe('verifyFastgen', () => {
  const sig = signFastgen(secret, body);

  it('accepts the lowercase hex digest', () => {
    expect(verifyFastgen(secret, body, sig)).toEqual({ ok: true });
    expect(verifyFastgen(secret, body, [sig])).toEqual({ ok: true });
  });

  it('rejects uppercase hex of the right digest', () => {
    expect(verifyFastgen(secret, body, sig.toUpperCase())).toEqual({
      ok: false,
      reason: 'malformed_header',
    });
  });

  it.each([
    ['missing', undefined, 'missing_header'],
    ['empty', '', 'missing_header'],
    ['too short', sig.slice(0, 63), 'malformed_header'],
    ['too long', sig + '0', 'malformed_header'],
    ['not hex', 'z'.repeat(64), 'malformed_header'],
    ['prefixed', `sha256=${sig}`, 'malformed_header'],
    ['repeated header', [sig, sig], 'malformed_header'],
    ['different digest', '0'.repeat(64), 'signature_mismatch'],
  ] as const)('rejects a %s signature', (_n, value, reason) => {
    expect(verifyFastgen(secret, body, value as never)).toEqual({
      ok: false,
      reason,
    });
  });

  it('rejects an empty secret without throwing', () => {
    expect(verifyFastgen('', body, sig)).toEqual({
      ok: false,
      reason: 'invalid_secret',
    });
  });
});

describe('verifyStandard', () => {
  it('accepts a valid header set with default tolerance', () => {
    expect(verifyStandard(secret, headers(good), body, { now: ts })).toEqual({
      ok: true,
    });
  });

  it('uses the system clock when now is not given', () => {
    const now = Math.floor(Date.now() / 1000);
    const sig = signStandard(secret, id, now, body);
    expect(verifyStandard(secret, headers(sig, now), body)).toEqual({
      ok: true,
    });
    expect(verifyStandard(secret, headers(good), body)).toEqual({
      ok: false,
      reason: 'timestamp_too_old',
    });
  });

  describe('tolerance edges', () => {
    it.each([
      [-300, { ok: true }],
      [300, { ok: true }],
      [-301, { ok: false, reason: 'timestamp_too_new' }],
      [301, { ok: false, reason: 'timestamp_too_old' }],
    ])('now = timestamp %+d s gives %j', (offset, expected) => {
      expect(
        verifyStandard(secret, headers(good), body, { now: ts + offset }),
      ).toEqual(expected);
    });

    it('honours a custom tolerance', () => {
      expect(
        verifyStandard(secret, headers(good), body, {
          now: ts + 10,
          toleranceSeconds: 10,
        }),
      ).toEqual({ ok: true });
      expect(
        verifyStandard(secret, headers(good), body, {
          now: ts + 11,
          toleranceSeconds: 10,
        }),
      ).toEqual({
        ok: false,
        reason: 'timestamp_too_old',
      });
      expect(
        verifyStandard(secret, headers(good), body, {
          now: ts - 11,
          toleranceSeconds: 10,
        }),
      ).toEqual({
        ok: false,
        reason: 'timestamp_too_new',
      });
    });

    it('checks the timestamp before the signature, so a replay with a stale timestamp is refused', () => {
      expect(
        verifyStandard(secret, headers(good), body, { now: ts + 3600 }),
      ).toEqual({
        ok: false,
        reason: 'timestamp_too_old',
      });
    });
  });

  describe('several signatures', () => {
    const other = signStandard(generateSecret(), id, ts, body);

    it.each([
      ['first', `${good} ${other}`],
      ['last', `${other} ${good}`],
      ['middle, with extra spaces', `${other}  ${good}   ${other}`],
      ['after an unknown scheme', `v1a,abcdef ${good}`],
    ])('accepts when the matching entry is %s', (_n, sig) => {
      expect(verifyStandard(secret, headers(sig), body, { now: ts })).toEqual({
        ok: true,
      });
    });

    it('accepts either secret of a rotation header', () => {
      const older = generateSecret();
      const header = standardSignatureHeader([secret, older], id, ts, body);
      expect(
        verifyStandard(secret, headers(header), body, { now: ts }),
      ).toEqual({ ok: true });
      expect(verifyStandard(older, headers(header), body, { now: ts })).toEqual(
        { ok: true },
      );
    });

    it('rejects when no entry matches', () => {
      expect(
        verifyStandard(secret, headers(`${other} ${other}`), body, { now: ts }),
      ).toEqual({
        ok: false,
        reason: 'signature_mismatch',
      });
    });
  });

  it('reads header names case-insensitively and accepts single-element arrays', () => {
    const h = {
      'Webhook-Id': [id],
      'WEBHOOK-TIMESTAMP': String(ts),
      'webhook-signature': [good],
    };
    expect(verifyStandard(secret, h, body, { now: ts })).toEqual({ ok: true });
  });

  it('rejects a changed id, timestamp or body', () => {
    expect(
      verifyStandard(secret, { ...headers(good), 'webhook-id': 'm2' }, body, {
        now: ts,
      }),
    ).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(
      verifyStandard(secret, headers(good, ts + 1), body, { now: ts }),
    ).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(
      verifyStandard(secret, headers(good), body + ' ', { now: ts }),
    ).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  describe('malformed input', () => {
    it.each([
      ['no headers at all', {}, 'missing_header'],
      [
        'missing id',
        { 'webhook-timestamp': String(ts), 'webhook-signature': good },
        'missing_header',
      ],
      [
        'missing timestamp',
        { 'webhook-id': id, 'webhook-signature': good },
        'missing_header',
      ],
      [
        'missing signature',
        { 'webhook-id': id, 'webhook-timestamp': String(ts) },
        'missing_header',
      ],
      [
        'repeated signature header',
        { ...headers(good), 'webhook-signature': [good, good] },
        'malformed_header',
      ],
      ['non-numeric timestamp', headers(good, 'soon'), 'malformed_header'],
      ['negative timestamp', headers(good, '-1764201600'), 'malformed_header'],
      [
        'fractional timestamp',
        headers(good, '1764201600.5'),
        'malformed_header',
      ],
      ['huge timestamp', headers(good, '9'.repeat(400)), 'malformed_header'],
      ['signature without scheme', headers(good.slice(3)), 'malformed_header'],
      [
        'only an unknown scheme',
        headers(good.replace('v1,', 'v2,')),
        'malformed_header',
      ],
      ['commas only', headers(',,,'), 'malformed_header'],
      ['v1 with empty value', headers('v1,'), 'signature_mismatch'],
      [
        'v1 with hex instead of base64',
        headers(`v1,${'a'.repeat(64)}`),
        'signature_mismatch',
      ],
      [
        'v1 base64 without padding',
        headers(good.replace(/=+$/, '')),
        'signature_mismatch',
      ],
    ] as const)('rejects %s without throwing', (_n, h, reason) => {
      expect(verifyStandard(secret, h as never, body, { now: ts })).toEqual({
        ok: false,
        reason,
      });
    });

    it.each([['not-whsec'], ['whsec_'], ['whsec_!!!!'], ['whsec_YQ']])(
      'rejects the unusable secret %s',
      (s) => {
        expect(verifyStandard(s, headers(good), body, { now: ts })).toEqual({
          ok: false,
          reason: 'invalid_secret',
        });
      },
    );

    it('survives non-object headers and non-string values', () => {
      expect(verifyStandard(secret, null as never, body, { now: ts })).toEqual({
        ok: false,
        reason: 'missing_header',
      });
      expect(
        verifyStandard(
          secret,
          { ...headers(good), 'webhook-id': 42 as never },
          body,
          { now: ts },
        ),
      ).toEqual({
        ok: false,
        reason: 'malformed_header',
      });
    });

    it('throws only for invalid options, a programming error', () => {
      expect(() =>
        verifyStandard(secret, headers(good), body, { toleranceSeconds: -1 }),
      ).toThrow(/tolerance/);
      expect(() =>
        verifyStandard(secret, headers(good), body, { now: Number.NaN }),
      ).toThrow();
    });
  });
});
