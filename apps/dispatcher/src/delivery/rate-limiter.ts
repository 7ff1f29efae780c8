/** Per-endpoint token buckets (deliveries per second, bursts up to one second's worth). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** 0 when a delivery may start now (the token is taken), else milliseconds until one may. */
  take(key: string, perSecond: number | null, now = Date.now()): number {
    if (!perSecond) return 0;
    const b = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    b.tokens = Math.min(perSecond, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / perSecond) * 1000);
  }
}
