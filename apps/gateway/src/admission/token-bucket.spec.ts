import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('admits a burst up to its capacity, then refuses with the wait until the next token', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(100);
  });

  it('refills at its rate and never above its capacity', () => {
    const bucket = new TokenBucket(10, 2, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(50)).toBe(50); // half a token back after 50 ms
    expect(bucket.take(100)).toBe(0);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([0, 0, 100]);
  });

  it('keeps what was used when the limits change', () => {
    const bucket = new TokenBucket(1, 5, 0);
    for (let i = 0; i < 5; i++) bucket.take(0);
    bucket.resize(1000, 2000);
    expect(bucket.take(0)).toBe(1);
    expect(bucket.take(1)).toBe(0);
  });
});
