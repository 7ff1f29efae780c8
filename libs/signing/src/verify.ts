import { createHmac, timingSafeEqual } from 'node:crypto';
import { SigningError } from './errors';
import { Body, standardSignedContent, toBytes } from './sign';
import { standardSecretKey } from './secret';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type VerifyFailureReason =
  | 'invalid_secret'
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'signature_mismatch';

/** Verification never throws on untrusted input; it says why it refused. */
export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: VerifyFailureReason };

/** Header value as Node's IncomingHttpHeaders gives it. */
export type HeaderValue = string | readonly string[] | undefined | null;

export interface StandardHeaders {
  'webhook-id'?: HeaderValue;
  'webhook-timestamp'?: HeaderValue;
  'webhook-signature'?: HeaderValue;
  [name: string]: HeaderValue;
}

export interface VerifyStandardOptions {
  /** Accepted clock skew, both directions, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Current time in Unix seconds (default: the system clock). */
  now?: number;
}

const LOWER_HEX_SHA256 = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

const fail = (reason: VerifyFailureReason): VerifyResult => ({
  ok: false,
  reason,
});

/** Checks X-Fastgen-Signature. Only the exact lowercase hex digest verifies. */
export function verifyFastgen(
  secret: string,
  body: Body,
  signatureHex: HeaderValue,
): VerifyResult {
  if (typeof secret !== 'string' || secret.length === 0)
    return fail('invalid_secret');
  const header = single(signatureHex);
  if (header === undefined) return fail('missing_header');
  if (header === null || !LOWER_HEX_SHA256.test(header))
    return fail('malformed_header');
  let expected: string;
  try {
    expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(toBytes(body))
      .digest('hex');
  } catch {
    return fail('malformed_header');
  }
  return safeEqual(expected, header)
    ? { ok: true }
    : fail('signature_mismatch');
}

/**
 * Checks the Standard Webhooks headers: timestamp within tolerance (past and future) and
 * at least one `v1,` entry of webhook-signature matching.
 */
export function verifyStandard(
  secret: string,
  headers: StandardHeaders,
  body: Body,
  options: VerifyStandardOptions = {},
): VerifyResult {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(tolerance) || tolerance < 0 || !Number.isFinite(now)) {
    throw new SigningError(
      'invalid_argument',
      'toleranceSeconds and now must be finite, tolerance >= 0',
    );
  }

  let key: Buffer;
  try {
    key = standardSecretKey(secret);
  } catch {
    return fail('invalid_secret');
  }

  const h = lowerCaseKeys(headers);
  const id = single(h['webhook-id']);
  const ts = single(h['webhook-timestamp']);
  const sig = single(h['webhook-signature']);
  if (id === undefined || ts === undefined || sig === undefined)
    return fail('missing_header');
  if (id === null || ts === null || sig === null)
    return fail('malformed_header');
  if (!TIMESTAMP.test(ts) || !/^[\x21-\x7e]+$/.test(id))
    return fail('malformed_header');

  const timestamp = Number(ts);
  if (now - timestamp > tolerance) return fail('timestamp_too_old');
  if (timestamp - now > tolerance) return fail('timestamp_too_new');

  let body_: Buffer;
  try {
    body_ = toBytes(body);
  } catch {
    return fail('malformed_header');
  }
  const expected = createHmac('sha256', key)
    .update(standardSignedContent(id, timestamp, body_))
    .digest('base64');

  let sawV1 = false;
  let matched = false;
  for (const entry of sig.split(' ')) {
    if (entry === '') continue;
    const comma = entry.indexOf(',');
    if (comma <= 0) continue;
    if (entry.slice(0, comma) !== 'v1') continue; // other schemes (e.g. v1a) are not ours to check
    sawV1 = true;
    // No early exit: every entry is compared, so timing does not reveal which one matched.
    if (safeEqual(expected, entry.slice(comma + 1))) matched = true;
  }
  if (matched) return { ok: true };
  return sawV1 ? fail('signature_mismatch') : fail('malformed_header');
}

function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Length is not secret (a SHA-256 digest has a fixed encoding length).
  return a.length === b.length && timingSafeEqual(a, b);
}

/** undefined = absent, null = present but unusable (repeated or not a string). */
function single(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string')
    return value.trim() === '' ? undefined : value.trim();
  if (Array.isArray(value))
    return value.length === 1
      ? single(value[0])
      : value.length === 0
        ? undefined
        : null;
  return null;
}

function lowerCaseKeys(headers: StandardHeaders): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  if (headers === null || typeof headers !== 'object') return out;
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
