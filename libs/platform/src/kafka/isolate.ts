import type { DeadLetterReason } from '@fastgen/contracts';
import { permanentReasonOf } from './permanent-errors';

export interface Refused<T> {
  record: T;
  reason: DeadLetterReason;
  error: unknown;
}

/**
 * Writes `records` with `write` (all or nothing, idempotent). When the write fails with a
 * permanent error, the batch is split in halves and each half written on its own, down to the
 * single records that can never be written: those are returned, everything else is written.
 * A transient error is thrown (the caller retries; `write` is usually wrapped in `retry`).
 * Cost: one failing record in n adds about 2·log2(n) writes.
 */
export async function writeIsolating<T>(
  records: T[],
  write: (records: T[]) => Promise<void>,
  classify: (err: unknown) => DeadLetterReason | null = permanentReasonOf,
): Promise<Refused<T>[]> {
  if (records.length === 0) return [];
  try {
    await write(records);
    return [];
  } catch (err) {
    const reason = classify(err);
    if (reason === null) throw err;
    if (records.length === 1) return [{ record: records[0]!, reason, error: err }];
    const middle = Math.ceil(records.length / 2);
    const left = await writeIsolating(records.slice(0, middle), write, classify);
    const right = await writeIsolating(records.slice(middle), write, classify);
    return [...left, ...right];
  }
}
