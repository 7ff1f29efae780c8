import { createHash } from 'node:crypto';

// A fixed namespace: the same message and endpoint give the same delivery id in every process,
// so a message replayed after a crash maps onto the rows it already produced.
const NAMESPACE = Buffer.from('5b0f4c6e9a3d4d2e8f1a7c2b9e6d4a10', 'hex');

/** RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in the dispatcher's namespace. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const deliveryIdOf = (messageId: string, endpointId: string) => uuidV5(`delivery:${messageId}:${endpointId}`);
export const manualJobIdOf = (requestId: string, endpointId: string) => uuidV5(`manual:${requestId}:${endpointId}`);
export const attemptIdOf = (jobId: string, attemptNumber: number) => uuidV5(`attempt:${jobId}:${attemptNumber}`);
