import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { loadVectors } from '../test-vectors/vectors';

// Runs the receiver snippet of the docs exactly as written, so the documentation cannot rot:
// this library's README and the product contract (docs/product.md).
const DOCS = {
  'libs/signing/README.md': resolve(__dirname, '..', 'README.md'),
  'docs/product.md': resolve(__dirname, '..', '..', '..', 'docs', 'product.md'),
};

type Verify = (
  rawBody: Buffer | string,
  header: unknown,
  secret: string,
) => boolean;

function loadSnippet(file: string): Verify {
  const text = readFileSync(file, 'utf8');
  const m =
    /<!-- node-verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- node-verify-snippet:end -->/.exec(
      text,
    );
  if (!m) throw new Error(`${file} has no node-verify-snippet block`);
  const sandbox = {
    require: (id: string) => (id === 'node:crypto' ? crypto : undefined),
    Buffer,
    String,
  };
  return runInNewContext(`${m[1]}\nverifyFastgenSignature;`, sandbox) as Verify;
}

describe.each(Object.entries(DOCS))('the Node snippet of %s', (_doc, file) => {
  const vectors = loadVectors();
  const verify = loadSnippet(file);

  it.each(vectors.valid.map((v) => [v.name, v] as const))(
    'verifies valid vector %s',
    (_n, v) => {
      expect(
        verify(Buffer.from(v.body, 'utf8'), v.x_fastgen_signature, v.secret),
      ).toBe(true);
    },
  );

  it.each(vectors.invalid.map((v) => [v.name, v] as const))(
    'rejects invalid vector %s',
    (_n, v) => {
      expect(
        verify(Buffer.from(v.body, 'utf8'), v.x_fastgen_signature, v.secret),
      ).toBe(false);
    },
  );

  it('rejects a missing header without throwing', () => {
    expect(verify(Buffer.from('{}'), undefined, 'whsec_x')).toBe(false);
  });
});
