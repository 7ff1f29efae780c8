/** What a lane needs to know of a leased job. */
export interface LaneJob {
  endpoint_id: string;
}

export interface LaneOptions {
  /** Requests in flight to an endpoint not seen yet, and the cap for new endpoints' claims (ENDPOINT_CONCURRENCY). */
  concurrency: number;
  /** Most requests in flight to one endpoint that keeps answering fast (ENDPOINT_CONCURRENCY_MAX). */
  maxConcurrency: number;
  /** Extra rounds of jobs leased ahead for an endpoint that answers fast (ENDPOINT_PREFETCH_ROUNDS). */
  prefetchRounds: number;
  /** An endpoint whose typical response takes at most this long counts as fast. */
  fastResponseMs: number;
  /** A queued job is started only if this much of its lease is left (one attempt and its record). */
  attemptBudgetMs: number;
  /** Whether jobs may be leased ahead for this endpoint at all (not for rate-limited ones). */
  mayPrefetch: (endpointId: string) => boolean;
  now?: () => number;
}

/** How an endpoint answered: how long it took, and whether it showed signs of overload. */
export interface Response {
  ms: number;
  /** A timeout, a connection error, 429, 502, 503 or 504. */
  overloaded: boolean;
}

/** Handed to `start` with each job: `free` gives the endpoint's slot back once the response is in. */
export interface Slot {
  free(response?: Response): void;
}

interface Lane<J> {
  queue: { job: J; leaseEndsAt: number }[];
  running: number;
}

/** What is remembered of an endpoint between its bursts. */
interface EndpointStats {
  /** Moving average of its response times. */
  responseMs: number;
  /** Its current concurrency limit. */
  limit: number;
  /** Fast answers since the limit last grew. */
  fastAnswers: number;
}

// Response-time memory for this many endpoints (least recently answered forgotten first).
const MAX_REMEMBERED_ENDPOINTS = 10_000;
// Weight of the newest response time in the moving average.
const EWMA_WEIGHT = 0.2;

/**
 * The dispatcher's per-endpoint lanes. Jobs leased for an endpoint wait in its lane, and at most
 * its limit of them have a request in flight to it: a slow endpoint only ever delays itself.
 *
 * The limit adapts (additive increase, multiplicative decrease, as TCP does): it starts at
 * `concurrency`, grows by one after a limit's worth of fast answers while jobs are waiting, up to
 * `maxConcurrency`, and halves (down to 1) on every sign of overload — a timeout, a connection
 * error, 429, 502, 503, 504. An endpoint that keeps up gets the throughput it can take; one that
 * struggles gets less pressure at once. Other errors (500, 4xx) say nothing about load.
 *
 * Two things keep a fast endpoint's lane busy instead of waiting on Postgres round trips:
 * - a slot is freed as soon as the endpoint has answered, not once the attempt is recorded, so
 *   recording (group-committed) overlaps the next request;
 * - for an endpoint that answers fast, up to `prefetchRounds` more rounds of jobs are leased ahead,
 *   so a freed slot is refilled from memory, not by the next claim.
 * A queued job whose lease would run out before its attempt could finish is handed to `expired`
 * (the caller puts it back on the schedule) rather than sent: another replica may take it then.
 */
export class EndpointLanes<J extends LaneJob> {
  private readonly lanes = new Map<string, Lane<J>>();
  private readonly stats = new Map<string, EndpointStats>();
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly opts: LaneOptions,
    private readonly handlers: {
      start: (job: J, slot: Slot) => void;
      expired: (job: J) => void;
    },
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Queues a leased job and starts it if its endpoint has a free slot. */
  add(job: J, leaseEndsAt: number): void {
    if (this.closed) return this.handlers.expired(job);
    const lane = this.lane(job.endpoint_id);
    lane.queue.push({ job, leaseEndsAt });
    this.pump(job.endpoint_id, lane);
  }

  /** How many more jobs this endpoint's lane takes now (≤ 0: none). */
  room(endpointId: string): number {
    const lane = this.lanes.get(endpointId);
    return this.depth(endpointId) - (lane ? lane.queue.length + lane.running : 0);
  }

  /**
   * How many more jobs intake may lease for this endpoint now: its room, less one round left to
   * claims when jobs are leased ahead for it (so retries falling due get in too). An endpoint not
   * leased ahead (new, slow or rate-limited) has no round to spare: its jobs are leased at intake
   * while a slot is free, else its first job of a burst would wait for a claim.
   */
  intakeRoom(endpointId: string): number {
    const ahead = this.depth(endpointId) > this.limit(endpointId);
    return this.room(endpointId) - (ahead ? this.limit(endpointId) : 0);
  }

  /**
   * Whether a claim is worth its round trip for this endpoint now: its lane is half empty, or has
   * nothing queued. (Claiming after every finished attempt cost a claim query per delivery.)
   */
  wantsMore(endpointId: string): boolean {
    const lane = this.lanes.get(endpointId);
    return !lane || lane.queue.length === 0 || this.room(endpointId) >= Math.ceil(this.depth(endpointId) / 2);
  }

  /**
   * What the next claim may take: endpoints to skip, and a cap for each endpoint whose room differs
   * from `concurrency` (the cap of an endpoint not listed).
   */
  claimLimits(): { busy: string[]; caps: Map<string, number> } {
    const busy: string[] = [];
    const caps = new Map<string, number>();
    for (const id of new Set([...this.lanes.keys(), ...this.stats.keys()])) {
      const room = this.room(id);
      if (room <= 0) busy.push(id);
      else if (room !== this.opts.concurrency) caps.set(id, room);
    }
    return { busy, caps };
  }

  /** Jobs queued, not yet started. */
  queued(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.queue.length;
    return n;
  }

  /** Stops starting jobs; returns the queued ones (to be put back on the schedule). */
  close(): J[] {
    this.closed = true;
    const queued = [...this.lanes.values()].flatMap((lane) => lane.queue.splice(0).map((q) => q.job));
    for (const [id, lane] of this.lanes) if (lane.running === 0) this.lanes.delete(id);
    return queued;
  }

  /** The endpoint's current concurrency limit. */
  limit(endpointId: string): number {
    return this.stats.get(endpointId)?.limit ?? this.opts.concurrency;
  }

  private depth(endpointId: string): number {
    const stats = this.stats.get(endpointId);
    const fast = stats !== undefined && stats.responseMs <= this.opts.fastResponseMs && this.opts.mayPrefetch(endpointId);
    return this.limit(endpointId) * (fast ? 1 + this.opts.prefetchRounds : 1);
  }

  private lane(endpointId: string): Lane<J> {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { queue: [], running: 0 };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  private pump(endpointId: string, lane: Lane<J>): void {
    while (lane.queue.length > 0 && lane.running < this.limit(endpointId) && !this.closed) {
      const { job, leaseEndsAt } = lane.queue.shift()!;
      if (this.now() + this.opts.attemptBudgetMs > leaseEndsAt) {
        this.handlers.expired(job);
        continue;
      }
      lane.running++;
      let freed = false;
      this.handlers.start(job, {
        free: (response) => {
          if (freed) return;
          freed = true;
          lane.running--;
          if (response) this.remember(endpointId, response, lane.queue.length > 0);
          this.pump(endpointId, lane);
        },
      });
    }
    if (lane.queue.length === 0 && lane.running === 0 && this.lanes.get(endpointId) === lane) this.lanes.delete(endpointId);
  }

  private remember(endpointId: string, response: Response, jobsWaiting: boolean): void {
    const stats = this.stats.get(endpointId) ?? { responseMs: response.ms, limit: this.opts.concurrency, fastAnswers: 0 };
    this.stats.delete(endpointId); // re-inserted last: the map's order is least recently answered first
    stats.responseMs += EWMA_WEIGHT * (response.ms - stats.responseMs);
    if (response.overloaded) {
      stats.limit = Math.max(1, Math.floor(stats.limit / 2));
      stats.fastAnswers = 0;
    } else if (jobsWaiting && response.ms <= this.opts.fastResponseMs && ++stats.fastAnswers >= stats.limit) {
      stats.limit = Math.min(this.opts.maxConcurrency, stats.limit + 1);
      stats.fastAnswers = 0;
    }
    this.stats.set(endpointId, stats);
    if (this.stats.size > MAX_REMEMBERED_ENDPOINTS) this.stats.delete(this.stats.keys().next().value!);
  }
}
