import type { DeliveryStatus } from '@fastgen/contracts';
import { parseRetryAfter, type RetrySchedule } from './schedule';

export interface AttemptDecision {
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** Set when the endpoint must be disabled (410 Gone). */
  disableReason: string | null;
}

/** What follows an attempt: success, another try (when), or the end of the delivery. */
export function decideAfterAttempt(input: {
  trigger: 'scheduled' | 'manual';
  status: number | null;
  retryAfter: string | undefined;
  attemptsMade: number;
  schedule: RetrySchedule;
  now?: number;
}): AttemptDecision {
  const now = input.now ?? Date.now();
  const { status } = input;
  if (status !== null && status >= 200 && status < 300) return { status: 'succeeded', nextAttemptAt: null, disableReason: null };
  if (status === 410) return { status: 'failed', nextAttemptAt: null, disableReason: 'the endpoint answered 410 Gone' };
  if (input.trigger === 'manual') return { status: 'failed', nextAttemptAt: null, disableReason: null }; // manual attempts are not retried
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(input.retryAfter, now) : null;
  const delay = input.schedule.nextDelayMs(input.attemptsMade, retryAfterMs);
  if (delay === null) return { status: 'failed', nextAttemptAt: null, disableReason: null };
  return { status: 'retrying', nextAttemptAt: new Date(now + delay), disableReason: null };
}
