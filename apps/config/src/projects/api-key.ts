import { createHash, randomBytes } from 'node:crypto';
import type { Environment } from '@fastgen/contracts';

// The prefix tells the environment at a glance (and lets secret scanners recognise a key).
export const KEY_PREFIXES: Record<Environment, string> = { development: 'fg_dev_', production: 'fg_prod_' };

export function generateApiKey(environment: Environment): string {
  return KEY_PREFIXES[environment] + randomBytes(32).toString('base64url');
}

/** Lowercase hex SHA-256 of the whole key: what config stores and the gateway looks up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Enough of the key to recognise it in a list, far too little to use it. */
export function displayPrefix(key: string): string {
  return key.slice(0, key.indexOf('_', 3) + 5);
}
