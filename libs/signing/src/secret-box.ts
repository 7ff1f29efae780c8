import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SigningError } from './errors';
import { decodeBase64Strict } from './secret';

// Endpoint secrets at rest: AES-256-GCM, random 12-byte IV, 16-byte tag.
// Format: v1.<base64url iv>.<base64url ciphertext>.<base64url tag>
const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function sealSecret(plaintext: string, masterKey: Buffer): string {
  if (typeof plaintext !== 'string') {
    throw new SigningError('invalid_argument', 'plaintext must be a string');
  }
  assertKey(masterKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, masterKey, iv, {
    authTagLength: TAG_BYTES,
  });
  const ciphertext = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
  ]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.');
}

/** Throws SigningError('malformed_sealed_secret' | 'unseal_failed'); never echoes key or value. */
export function openSecret(sealed: string, masterKey: Buffer): string {
  assertKey(masterKey);
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (
    parts.length !== 4 ||
    parts[0] !== VERSION ||
    !parts.slice(1).every((p) => BASE64URL.test(p))
  ) {
    throw new SigningError(
      'malformed_sealed_secret',
      'sealed secret is not in the v1.<iv>.<ciphertext>.<tag> format',
    );
  }
  const iv = Buffer.from(parts[1], 'base64url');
  const ciphertext = Buffer.from(parts[2], 'base64url');
  const tag = Buffer.from(parts[3], 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SigningError(
      'malformed_sealed_secret',
      'sealed secret has a wrong IV or tag length',
    );
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, masterKey, iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(ciphertext),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SigningError(
      'unseal_failed',
      'sealed secret could not be opened: wrong master key or tampered value',
    );
  }
}

/** Accepts 64 hex characters or base64 of exactly 32 bytes. */
export function parseMasterKey(value: string): Buffer {
  const v = typeof value === 'string' ? value.trim() : '';
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  const std = v.replace(/-/g, '+').replace(/_/g, '/');
  const b64 = decodeBase64Strict(
    std.padEnd(Math.ceil(std.length / 4) * 4, '='),
  );
  if (b64 && b64.length === KEY_BYTES) return b64;
  throw new SigningError(
    'invalid_master_key',
    'master key must be 64 hex characters or base64 of 32 bytes (e.g. `openssl rand -base64 32`)',
  );
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SigningError(
      'invalid_master_key',
      'master key must be a 32-byte Buffer (see parseMasterKey)',
    );
  }
}
