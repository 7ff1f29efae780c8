import { createHmac } from 'node:crypto';
import { SigningError } from './errors';
import { standardSecretKey } from './secret';

export type Body = string | Buffer;

export interface SignatureHeaders {
  'x-fastgen-signature': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface BuildSignatureHeadersInput {
  /** Active secrets, newest first. X-Fastgen-Signature uses the first one. */
  secrets: readonly string[];
  /** webhook-id: the message id, identical across endpoints and retries. */
  id: string;
  /** Unix seconds. */
  timestamp: number;
  /** Exactly the bytes that will be sent; never re-serialise after signing. */
  body: Body;
}

const HEADER_TOKEN = /^[\x21-\x7e]+$/;

export function toBytes(body: Body): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new SigningError(
    'invalid_argument',
    'body must be a string or a Buffer',
  );
}

/** X-Fastgen-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret string. */
export function signFastgen(secret: string, body: Body): string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new SigningError(
      'invalid_secret',
      'secret must be a non-empty string',
    );
  }
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(toBytes(body))
    .digest('hex');
}

/** Standard Webhooks v1 payload: `<id>.<timestamp>.<body>` as bytes. */
export function standardSignedContent(
  id: string,
  timestampSeconds: number,
  body: Body,
): Buffer {
  return Buffer.concat([
    Buffer.from(`${id}.${timestampSeconds}.`, 'utf8'),
    toBytes(body),
  ]);
}

/** One Standard Webhooks entry: `v1,<base64 HMAC-SHA256>`. */
export function signStandard(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: Body,
): string {
  assertId(id);
  assertTimestamp(timestampSeconds);
  const mac = createHmac('sha256', standardSecretKey(secret))
    .update(standardSignedContent(id, timestampSeconds, body))
    .digest('base64');
  return `v1,${mac}`;
}

/** webhook-signature header value: one space-separated `v1,` entry per active secret. */
export function standardSignatureHeader(
  secretsNewestFirst: readonly string[],
  id: string,
  timestampSeconds: number,
  body: Body,
): string {
  assertSecrets(secretsNewestFirst);
  return secretsNewestFirst
    .map((s) => signStandard(s, id, timestampSeconds, body))
    .join(' ');
}

export function buildSignatureHeaders(
  input: BuildSignatureHeadersInput,
): SignatureHeaders {
  const { secrets, id, timestamp, body } = input;
  assertSecrets(secrets);
  const bytes = toBytes(body);
  return {
    'x-fastgen-signature': signFastgen(secrets[0], bytes),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignatureHeader(secrets, id, timestamp, bytes),
  };
}

function assertSecrets(secrets: readonly string[]): void {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new SigningError(
      'invalid_argument',
      'at least one active secret is required',
    );
  }
}

function assertId(id: string): void {
  // Goes into an HTTP header and into the signed content, so visible ASCII only.
  if (typeof id !== 'string' || !HEADER_TOKEN.test(id)) {
    throw new SigningError(
      'invalid_argument',
      'webhook id must be non-empty visible ASCII',
    );
  }
}

function assertTimestamp(ts: number): void {
  if (!Number.isSafeInteger(ts) || ts < 0) {
    throw new SigningError(
      'invalid_argument',
      'timestamp must be a non-negative integer of Unix seconds',
    );
  }
}
