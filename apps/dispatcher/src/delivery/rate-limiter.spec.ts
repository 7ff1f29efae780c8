import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of one second then spaces deliveries at the rate', () => {
    const r = new RateLimiter();
    const t = 1_000_000;
    expect([r.take('e', 2, t), r.take('e', 2, t)]).toEqual([0, 0]);
    expect(r.take('e', 2, t)).toBe(500);
    expect(r.take('e', 2, t + 500)).toBe(0);
  });

  it('keeps endpoints apart and lets unlimited ones through', () => {
    const r = new RateLimiter();
    expect(r.take('a', 1, 0)).toBe(0);
    expect(r.take('a', 1, 0)).toBeGreaterThan(0);
    expect(r.take('b', 1, 0)).toBe(0);
    expect(r.take('c', null, 0)).toBe(0);
  });
});
