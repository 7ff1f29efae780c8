import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  type Vector,
  loadVectors,
  standardHeadersOf,
} from '../test-vectors/vectors';

// The repository's vectors are only worth something if implementations other than ours agree
// with them: the generator's output must be current, the `standardwebhooks` package must
// reproduce and accept every valid case and reject every invalid one, and so must a bare
// node:crypto HMAC (what the product docs tell receivers to write).
const vectors = loadVectors();
const GENERATOR = resolve(
  __dirname,
  '..',
  '..',
  '..',
  'tools',
  'signing',
  'generate-vectors.mjs',
);

/** standardwebhooks reads the clock: pin it to the vector's timestamp. */
function verifyWithPackage(secret: string, v: Omit<Vector, 'secret'>) {
  const spy = jest
    .spyOn(Date, 'now')
    .mockReturnValue(v.webhook_timestamp * 1000);
  try {
    return new Webhook(secret).verify(v.body, standardHeadersOf(v), {
      jsonParse: false,
    });
  } finally {
    spy.mockRestore();
  }
}

describe('signature test vectors against independent verifiers', () => {
  it('are exactly what tools/signing/generate-vectors.mjs produces', () => {
    const run = spawnSync(process.execPath, [GENERATOR, '--check'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  describe.each(vectors.valid.map((v) => [v.name, v] as const))(
    'valid: %s',
    (_name, v) => {
      it('standardwebhooks computes the same webhook-signature and accepts it', () => {
        expect(
          new Webhook(v.secret).sign(
            v.webhook_id,
            new Date(v.webhook_timestamp * 1000),
            v.body,
          ),
        ).toBe(v.webhook_signature);
        expect(() => verifyWithPackage(v.secret, v)).not.toThrow();
      });

      it('a bare node:crypto HMAC of the raw body gives X-Fastgen-Signature', () => {
        expect(
          createHmac('sha256', v.secret).update(v.body).digest('hex'),
        ).toBe(v.x_fastgen_signature);
      });
    },
  );

  it('standardwebhooks accepts the rotation vector with either active secret', () => {
    const r = vectors.rotation;
    const [newest] = r.secrets_newest_first;
    for (const secret of r.secrets_newest_first) {
      expect(() => verifyWithPackage(secret, r)).not.toThrow();
    }
    expect(
      createHmac('sha256', newest ?? '')
        .update(r.body)
        .digest('hex'),
    ).toBe(r.x_fastgen_signature);
  });

  describe.each(vectors.invalid.map((v) => [v.name, v] as const))(
    'invalid: %s',
    (_name, v) => {
      it('standardwebhooks rejects webhook-signature', () => {
        expect(() => verifyWithPackage(v.secret, v)).toThrow(
          WebhookVerificationError,
        );
      });

      it('a bare node:crypto HMAC does not give X-Fastgen-Signature', () => {
        expect(
          createHmac('sha256', v.secret).update(v.body).digest('hex'),
        ).not.toBe(v.x_fastgen_signature);
      });
    },
  );
});
