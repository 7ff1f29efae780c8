import { parseDuration, parseRetryAfter, RetrySchedule } from './schedule';

describe('RetrySchedule', () => {
  it('parses the product schedule into eight attempts', () => {
    const s = new RetrySchedule('0s,5s,5m,30m,2h,5h,10h,10h', () => 0.5);
    expect(s.maxAttempts).toBe(8);
    expect(s.delaysMs).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('applies at most ±20 % jitter', () => {
    expect(new RetrySchedule('0s,10s', () => 0).nextDelayMs(1)).toBe(8_000);
    expect(new RetrySchedule('0s,10s', () => 0.999999).nextDelayMs(1)).toBe(12_000);
  });

  it('returns null once every attempt of the schedule is used', () => {
    expect(new RetrySchedule('0s,1s', () => 0.5).nextDelayMs(2)).toBeNull();
  });

  it('honours Retry-After within [scheduled, 2 x scheduled]', () => {
    const s = new RetrySchedule('0s,10s', () => 0.5);
    expect(s.nextDelayMs(1, 15_000)).toBe(15_000);
    expect(s.nextDelayMs(1, 1_000)).toBe(10_000);
    expect(s.nextDelayMs(1, 3_600_000)).toBe(20_000);
  });

  it('names a bad entry', () => {
    expect(() => new RetrySchedule('0s,soon')).toThrow('"soon"');
    expect(parseDuration('200ms')).toBe(200);
    expect(parseDuration('5d')).toBe(432_000_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('later')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
