import { decideAfterAttempt } from './attempt-policy';
import { RetrySchedule } from './schedule';

const schedule = new RetrySchedule('0s,10s,20s', () => 0.5);
const base = { trigger: 'scheduled' as const, retryAfter: undefined, schedule, now: 0 };

describe('decideAfterAttempt', () => {
  it('ends the delivery on any 2xx', () => {
    expect(decideAfterAttempt({ ...base, status: 204, attemptsMade: 1 })).toEqual({ status: 'succeeded', nextAttemptAt: null, disableReason: null });
  });

  it('schedules the next attempt of the schedule after a failure', () => {
    expect(decideAfterAttempt({ ...base, status: 500, attemptsMade: 1 }).nextAttemptAt?.getTime()).toBe(10_000);
    expect(decideAfterAttempt({ ...base, status: null, attemptsMade: 2 }).nextAttemptAt?.getTime()).toBe(20_000);
  });

  it('fails the delivery when the schedule is used up', () => {
    expect(decideAfterAttempt({ ...base, status: 500, attemptsMade: 3 }).status).toBe('failed');
  });

  it('honours Retry-After on 429 and 503 only, within bounds', () => {
    expect(decideAfterAttempt({ ...base, status: 429, retryAfter: '15', attemptsMade: 1 }).nextAttemptAt?.getTime()).toBe(15_000);
    expect(decideAfterAttempt({ ...base, status: 503, retryAfter: '600', attemptsMade: 1 }).nextAttemptAt?.getTime()).toBe(20_000);
    expect(decideAfterAttempt({ ...base, status: 500, retryAfter: '15', attemptsMade: 1 }).nextAttemptAt?.getTime()).toBe(10_000);
  });

  it('disables the endpoint on 410 and stops', () => {
    const d = decideAfterAttempt({ ...base, status: 410, attemptsMade: 1 });
    expect(d.status).toBe('failed');
    expect(d.disableReason).toContain('410');
  });

  it('never retries a manual attempt', () => {
    expect(decideAfterAttempt({ ...base, trigger: 'manual', status: 500, attemptsMade: 1 }).status).toBe('failed');
  });
});
