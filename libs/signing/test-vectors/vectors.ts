// Loads this repository's signature test vectors (signatures.json beside this file, written by
// tools/signing/generate-vectors.mjs). Used by the specs only; not part of the library build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VECTORS_PATH = join(__dirname, 'signatures.json');

export interface Vector {
  name: string;
  secret: string;
  body: string;
  webhook_id: string;
  webhook_timestamp: number;
  x_fastgen_signature: string;
  webhook_signature: string;
}
export interface RotationVector extends Omit<Vector, 'secret'> {
  secrets_newest_first: string[];
}
export interface Vectors {
  valid: Vector[];
  rotation: RotationVector;
  invalid: Vector[];
}

export function loadVectors(): Vectors {
  const v = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Vectors;
  if (!v.valid?.length || !v.invalid?.length || !v.rotation) {
    throw new Error(
      `signature vectors at ${VECTORS_PATH} are missing valid/invalid/rotation`,
    );
  }
  return v;
}

/** The Standard Webhooks headers of a vector, as a receiver gets them. */
export const standardHeadersOf = (v: Omit<Vector, 'secret'>) => ({
  'webhook-id': v.webhook_id,
  'webhook-timestamp': String(v.webhook_timestamp),
  'webhook-signature': v.webhook_signature,
});
