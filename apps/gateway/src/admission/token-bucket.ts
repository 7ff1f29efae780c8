/**
 * A token bucket: `rate` tokens a second refill it up to `capacity`; each admitted event takes one.
 * Pure (time is passed in) so its arithmetic is tested without clocks.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private rate: number,
    private capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Follows a change of the limits without resetting what was already used. */
  resize(rate: number, capacity: number): void {
    if (rate === this.rate && capacity === this.capacity) return;
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = Math.min(this.tokens, capacity);
  }

  /** Takes a token and returns 0, or returns the milliseconds until one will be there. */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }
}
