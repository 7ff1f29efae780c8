import { randomBytes } from 'node:crypto';
import {
  generateSecret,
  openSecret,
  parseMasterKey,
  sealSecret,
  SigningError,
} from './index';

const key = randomBytes(32);

describe('sealSecret / openSecret', () => {
  it('round-trips a secret in the v1.<iv>.<ciphertext>.<tag> format', () => {
    const secret = generateSecret();
    const sealed = sealSecret(secret, key);
    expect(sealed).toMatch(
      /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/,
    );
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret(sealed, key)).toBe(secret);
  });

  it('round-trips empty and non-ASCII plaintext', () => {
    for (const p of ['', 'Grüße 🚀'])
      expect(openSecret(sealSecret(p, key), key)).toBe(p);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret('same', key)).not.toBe(sealSecret('same', key));
  });

  it('rejects a wrong master key', () => {
    const sealed = sealSecret('whsec_x', key);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(
      expect.objectContaining({ name: 'SigningError', code: 'unseal_failed' }),
    );
  });

  it.each([1, 2, 3])(
    'rejects a value whose part %d was tampered with',
    (part) => {
      const parts = sealSecret('whsec_tamper-me', key).split('.');
      const bytes = Buffer.from(parts[part], 'base64url');
      bytes[0] ^= 0x01;
      parts[part] = bytes.toString('base64url');
      expect(() => openSecret(parts.join('.'), key)).toThrow(
        expect.objectContaining({ code: 'unseal_failed' }),
      );
    },
  );

  it.each([
    ['empty', ''],
    ['wrong version', sealSecret('x', key).replace(/^v1/, 'v2')],
    ['too few parts', 'v1.a.b'],
    ['too many parts', `${sealSecret('x', key)}.x`],
    ['non-base64url part', 'v1.a+b.c.d'],
    [
      'short IV',
      `v1.${Buffer.alloc(8).toString('base64url')}.AA.${Buffer.alloc(16).toString('base64url')}`,
    ],
    [
      'short tag',
      `v1.${Buffer.alloc(12).toString('base64url')}.AA.${Buffer.alloc(8).toString('base64url')}`,
    ],
  ])('rejects a malformed value (%s)', (_n, sealed) => {
    expect(() => openSecret(sealed, key)).toThrow(
      expect.objectContaining({ code: 'malformed_sealed_secret' }),
    );
  });

  it('requires a 32-byte master key', () => {
    expect(() => sealSecret('x', randomBytes(16))).toThrow(SigningError);
    expect(() => openSecret('v1.a.b.c', Buffer.from('short'))).toThrow(
      expect.objectContaining({ code: 'invalid_master_key' }),
    );
  });
});

describe('parseMasterKey', () => {
  it('accepts 64 hex characters', () => {
    expect(parseMasterKey(key.toString('hex'))).toEqual(key);
    expect(parseMasterKey(key.toString('hex').toUpperCase())).toEqual(key);
  });

  it('accepts base64 and base64url of 32 bytes', () => {
    expect(parseMasterKey(key.toString('base64'))).toEqual(key);
    expect(parseMasterKey(key.toString('base64url'))).toEqual(key);
    expect(parseMasterKey(`  ${key.toString('base64')}\n`)).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['63 hex characters', 'a'.repeat(63)],
    ['base64 of 16 bytes', randomBytes(16).toString('base64')],
    ['base64 of 33 bytes', randomBytes(33).toString('base64')],
    ['garbage', 'not a key at all!'],
  ])(
    'rejects %s with a clear error that does not echo the value',
    (_n, value) => {
      expect(() => parseMasterKey(value)).toThrow(
        expect.objectContaining({
          code: 'invalid_master_key',
          message: expect.stringContaining('64 hex'),
        }),
      );
      try {
        parseMasterKey(value);
      } catch (e) {
        if (value) expect((e as Error).message).not.toContain(value);
      }
    },
  );
});
