import type { DeadLetterReason } from '@fastgen/contracts';

/** Thrown by a consumer's write for a record it refuses for good (it is dead-lettered, never retried). */
export class PermanentRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentRecordError';
  }
}

/**
 * Whether an error of a write is permanent (the same records would fail again: dead-letter them)
 * or transient (the connection, the broker, a deadlock: retry). Postgres says which by its
 * SQLSTATE class: 22 (data exception: "unsupported Unicode escape sequence", out-of-range
 * numbers, invalid byte sequences) and 23 (integrity constraint violation) are about the data.
 * A RangeError is a value too deep or too large to serialise. Everything else is transient.
 */
export function permanentReasonOf(err: unknown): DeadLetterReason | null {
  if (err instanceof PermanentRecordError) return 'refused';
  if (err instanceof RangeError) return 'unserializable';
  const code = sqlStateOf(err);
  if (code?.startsWith('22')) return 'data_error';
  if (code?.startsWith('23')) return 'constraint';
  return null;
}

function sqlStateOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
