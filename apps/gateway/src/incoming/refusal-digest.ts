import type { IncomingRequest } from '@fastgen/contracts';

interface Window {
  startedAt: number;
  /** Refusals of this window logged one by one so far. */
  logged: number;
  /** The latest refusal not logged on its own, and how many others it stands for. */
  held?: IncomingRequest;
  repeated: number;
}

/**
 * Bounds what a flood of refused requests (429) costs the incoming-request log, and so the broker,
 * the log service and Postgres that every tenant shares. Per project environment and second, the
 * first `perSecond` refusals are logged one by one; the others of that second are folded into one
 * record (the latest of them) whose `repeated` says how many more it stands for. Every refusal is
 * still counted in the log, and a client hammering a 429 costs at most `perSecond + 1` records a
 * second however fast it sends: without this a flood pushed back with 429 cost as much downstream
 * as accepting it (one record and one row per request), which is what delayed other tenants.
 */
export class RefusalDigest {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1_000,
  ) {}

  /** The records to publish now for this refusal: itself, a summary of an ended second, or none. */
  offer(scope: string, record: IncomingRequest, now: number): IncomingRequest[] {
    const out: IncomingRequest[] = [];
    let w = this.windows.get(scope);
    if (w && now - w.startedAt >= this.windowMs) {
      const summary = this.summaryOf(w);
      if (summary) out.push(summary);
      w = undefined;
    }
    if (!w) this.windows.set(scope, (w = { startedAt: now, logged: 0, repeated: 0 }));
    if (w.logged < this.perSecond) {
      w.logged++;
      out.push(record);
    } else {
      // The latest refusal represents the others: it shows what the client sends now.
      if (w.held) w.repeated++;
      w.held = record;
    }
    return out;
  }

  /** Summaries of the seconds that ended by `now` (all of them with `all`); forgets those scopes. */
  flush(now: number, all = false): IncomingRequest[] {
    const out: IncomingRequest[] = [];
    for (const [scope, w] of this.windows) {
      if (!all && now - w.startedAt < this.windowMs) continue;
      this.windows.delete(scope);
      const summary = this.summaryOf(w);
      if (summary) out.push(summary);
    }
    return out;
  }

  private summaryOf(w: Window): IncomingRequest | undefined {
    return w.held && { ...w.held, repeated: w.repeated };
  }
}
