import {
  buildSignatureHeaders,
  signFastgen,
  signStandard,
  standardSignatureHeader,
  verifyFastgen,
  verifyStandard,
} from './index';
import {
  loadVectors,
  standardHeadersOf as headersOf,
} from '../test-vectors/vectors';

const vectors = loadVectors();

describe('signature test vectors (libs/signing/test-vectors)', () => {
  describe.each(vectors.valid.map((v) => [v.name, v] as const))(
    'valid: %s',
    (_name, v) => {
      it('reproduces X-Fastgen-Signature exactly', () => {
        expect(signFastgen(v.secret, v.body)).toBe(v.x_fastgen_signature);
        expect(signFastgen(v.secret, Buffer.from(v.body, 'utf8'))).toBe(
          v.x_fastgen_signature,
        );
      });

      it('reproduces webhook-signature exactly', () => {
        expect(
          signStandard(v.secret, v.webhook_id, v.webhook_timestamp, v.body),
        ).toBe(v.webhook_signature);
      });

      it('builds the full header set', () => {
        expect(
          buildSignatureHeaders({
            secrets: [v.secret],
            id: v.webhook_id,
            timestamp: v.webhook_timestamp,
            body: v.body,
          }),
        ).toEqual({
          'x-fastgen-signature': v.x_fastgen_signature,
          ...headersOf(v),
        });
      });

      it('verifies both signatures with now pinned to the vector timestamp', () => {
        expect(verifyFastgen(v.secret, v.body, v.x_fastgen_signature)).toEqual({
          ok: true,
        });
        expect(
          verifyStandard(v.secret, headersOf(v), v.body, {
            now: v.webhook_timestamp,
          }),
        ).toEqual({ ok: true });
      });
    },
  );

  describe('rotation', () => {
    const r = vectors.rotation;
    const [newest, older] = r.secrets_newest_first;

    it('signs X-Fastgen-Signature with the newest secret and one webhook-signature entry per secret', () => {
      expect(
        standardSignatureHeader(
          r.secrets_newest_first,
          r.webhook_id,
          r.webhook_timestamp,
          r.body,
        ),
      ).toBe(r.webhook_signature);
      expect(
        buildSignatureHeaders({
          secrets: r.secrets_newest_first,
          id: r.webhook_id,
          timestamp: r.webhook_timestamp,
          body: r.body,
        }),
      ).toEqual({
        'x-fastgen-signature': r.x_fastgen_signature,
        ...headersOf(r),
      });
    });

    it('verifies for a receiver holding either secret', () => {
      for (const secret of [newest, older]) {
        expect(
          verifyStandard(secret, headersOf(r), r.body, {
            now: r.webhook_timestamp,
          }),
        ).toEqual({ ok: true });
      }
      expect(verifyFastgen(newest, r.body, r.x_fastgen_signature)).toEqual({
        ok: true,
      });
      expect(verifyFastgen(older, r.body, r.x_fastgen_signature)).toEqual({
        ok: false,
        reason: 'signature_mismatch',
      });
    });
  });

  describe.each(vectors.invalid.map((v) => [v.name, v] as const))(
    'invalid: %s',
    (_name, v) => {
      it('rejects X-Fastgen-Signature', () => {
        expect(verifyFastgen(v.secret, v.body, v.x_fastgen_signature).ok).toBe(
          false,
        );
      });

      it('rejects webhook-signature', () => {
        expect(
          verifyStandard(v.secret, headersOf(v), v.body, {
            now: v.webhook_timestamp,
          }),
        ).toEqual({
          ok: false,
          reason: 'signature_mismatch',
        });
      });
    },
  );
});
