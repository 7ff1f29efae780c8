import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { loadVectors } from '../test-vectors/vectors';

// Runs the README's receiver snippet exactly as written, so the documentation cannot rot.
const README = resolve(__dirname, '..', 'README.md');

type Verify = (
  rawBody: Buffer | string,
  header: unknown,
  secret: string,
) => boolean;

function loadSnippet(): Verify {
  const text = readFileSync(README, 'utf8');
  const m =
    /<!-- node-verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- node-verify-snippet:end -->/.exec(
      text,
    );
  if (!m) throw new Error('README.md has no node-verify-snippet block');
  const sandbox = {
    require: (id: string) => (id === 'node:crypto' ? crypto : undefined),
    Buffer,
    String,
  };
  return runInNewContext(`${m[1]}\nverifyFastgenSignature;`, sandbox) as Verify;
}

describe('README Node snippet', () => {
  const vectors = loadVectors();
  const verify = loadSnippet();

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
