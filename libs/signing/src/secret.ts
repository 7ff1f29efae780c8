import { randomBytes } from 'node:crypto';
import { SigningError } from './errors';

export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const STRICT_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** Strict (canonical, padded) base64 decode; null when the input is not base64. */
export function decodeBase64Strict(value: string): Buffer | null {
  if (!STRICT_BASE64.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  // Rejects non-canonical trailing bits, so every key has exactly one spelling.
  return bytes.toString('base64') === value ? bytes : null;
}

/**
 * The Standard Webhooks key: the base64-decoded part after `whsec_`.
 * Throws SigningError('invalid_secret') without echoing the secret.
 */
export function standardSecretKey(secret: string): Buffer {
  if (typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX)) {
    throw new SigningError(
      'invalid_secret',
      'secret must be a string starting with "whsec_"',
    );
  }
  const key = decodeBase64Strict(secret.slice(SECRET_PREFIX.length));
  if (!key || key.length === 0) {
    throw new SigningError(
      'invalid_secret',
      'secret must be "whsec_" followed by non-empty base64',
    );
  }
  return key;
}
