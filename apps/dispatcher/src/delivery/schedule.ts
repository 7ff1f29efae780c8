const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "5s", "200ms", "2h", "5d" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) throw new Error(`not a duration: "${text}" (use e.g. 200ms, 5s, 5m, 2h, 5d)`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/**
 * The retry schedule: entry i is the delay before attempt i + 1 (the first is normally 0s).
 * Its length is the number of attempts a delivery gets.
 */
export class RetrySchedule {
  readonly delaysMs: readonly number[];

  constructor(spec: string, private readonly random: () => number = Math.random) {
    this.delaysMs = spec.split(',').map(parseDuration);
    if (this.delaysMs.length === 0) throw new Error('RETRY_SCHEDULE needs at least one entry');
  }

  get maxAttempts(): number {
    return this.delaysMs.length;
  }

  /** The delay before the next attempt after `attemptsMade` failed ones, or null when none is left. */
  nextDelayMs(attemptsMade: number, retryAfterMs: number | null = null): number | null {
    const base = this.delaysMs[attemptsMade];
    if (base === undefined) return null;
    // ±20 % jitter spreads retries of many deliveries that failed together.
    const scheduled = Math.round(base * (0.8 + 0.4 * this.random()));
    if (retryAfterMs === null) return scheduled;
    // Retry-After is honoured, but never earlier than scheduled nor later than twice it.
    return Math.min(Math.max(retryAfterMs, scheduled), 2 * scheduled);
  }
}

/** Retry-After as seconds or an HTTP date → milliseconds from now; null if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
