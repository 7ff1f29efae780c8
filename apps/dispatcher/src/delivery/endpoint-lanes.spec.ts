import { EndpointLanes, type LaneOptions, type Slot } from './endpoint-lanes';

interface TestJob {
  id: string;
  endpoint_id: string;
}

function lanesWith(opts: Partial<LaneOptions> = {}) {
  let now = 1_000_000;
  const started: { job: TestJob; slot: Slot }[] = [];
  const expired: TestJob[] = [];
  const lanes = new EndpointLanes<TestJob>(
    {
      concurrency: 2,
      maxConcurrency: 4,
      prefetchRounds: 3,
      fastResponseMs: 1_000,
      attemptBudgetMs: 20_000,
      mayPrefetch: () => true,
      now: () => now,
      ...opts,
    },
    {
      start: (job, slot) => started.push({ job, slot }),
      expired: (job) => expired.push(job),
    },
  );
  return {
    lanes,
    started,
    expired,
    advance: (ms: number) => (now += ms),
    lease: () => now + 60_000,
  };
}

const fast = (ms: number) => ({ ms, overloaded: false });
const job = (id: string, endpoint = 'e1'): TestJob => ({
  id,
  endpoint_id: endpoint,
});
const ids = (list: { job: TestJob }[]) => list.map((s) => s.job.id);

describe('EndpointLanes', () => {
  it('has at most `concurrency` requests in flight per endpoint, and a slow endpoint never holds back another', () => {
    const { lanes, started, lease } = lanesWith();
    for (const id of ['a1', 'a2', 'a3', 'a4']) lanes.add(job(id, 'slow'), lease());
    lanes.add(job('b1', 'fast'), lease());
    expect(ids(started)).toEqual(['a1', 'a2', 'b1']);
    expect(lanes.queued()).toBe(2);
  });

  it('refills a slot as soon as the endpoint answered, oldest queued job first', () => {
    const { lanes, started, lease } = lanesWith();
    for (const id of ['a1', 'a2', 'a3', 'a4']) lanes.add(job(id), lease());
    started[0].slot.free(fast(5));
    expect(ids(started)).toEqual(['a1', 'a2', 'a3']);
    // Freeing twice (response, then the end of the attempt) gives back one slot only.
    started[0].slot.free();
    expect(ids(started)).toEqual(['a1', 'a2', 'a3']);
    started[1].slot.free();
    expect(ids(started)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('leases ahead only for an endpoint known to answer fast, and never for one that may not prefetch', () => {
    const { lanes, started, lease } = lanesWith({
      mayPrefetch: (id) => id !== 'limited',
    });
    expect(lanes.room('new')).toBe(2); // unknown: one round
    expect(lanes.intakeRoom('new')).toBe(2); // and intake may lease it (no round ahead to leave to claims)
    lanes.add(job('f1', 'fast'), lease());
    started[0].slot.free(fast(3));
    expect(lanes.room('fast')).toBe(2 * (1 + 3));
    expect(lanes.intakeRoom('fast')).toBe(2 * 3); // one round left to claims (retries falling due)
    lanes.add(job('s1', 'slow'), lease());
    started[1].slot.free(fast(4_000));
    expect(lanes.room('slow')).toBe(2);
    expect(lanes.intakeRoom('slow')).toBe(2);
    lanes.add(job('l1', 'limited'), lease());
    started[2].slot.free(fast(3));
    expect(lanes.room('limited')).toBe(2);
    expect(lanes.intakeRoom('limited')).toBe(2);
  });

  it('tells the claim which endpoints are full and the room of those that differ from the default', () => {
    const { lanes, started, lease } = lanesWith();
    lanes.add(job('f1', 'fast'), lease());
    started[0].slot.free(fast(3));
    for (const id of ['x1', 'x2', 'x3']) lanes.add(job(id, 'full'), lease());
    lanes.add(job('h1', 'half'), lease());
    const { busy, caps } = lanes.claimLimits();
    expect(busy).toEqual(['full']);
    expect(Object.fromEntries(caps)).toEqual({ fast: 8, half: 1 });
  });

  it('asks for a claim only once a lane is half empty or has nothing queued', () => {
    const { lanes, started, lease } = lanesWith({ maxConcurrency: 2 }); // a fixed limit here
    lanes.add(job('f0'), lease());
    started[0].slot.free(fast(2)); // fast now: depth 8
    for (let i = 1; i <= 8; i++) lanes.add(job(`f${i}`), lease());
    expect(lanes.wantsMore('e1')).toBe(false); // 2 running + 6 queued of 8
    started[1].slot.free(fast(2));
    started[2].slot.free(fast(2));
    expect(lanes.wantsMore('e1')).toBe(false); // 6 left
    started[3].slot.free(fast(2));
    started[4].slot.free(fast(2));
    expect(lanes.wantsMore('e1')).toBe(true); // 4 left: half
    expect(lanes.wantsMore('unknown')).toBe(true);
  });

  it('raises the limit of an endpoint that answers fast while jobs wait, up to the maximum, and halves it on overload', () => {
    const { lanes, started, lease } = lanesWith({ prefetchRounds: 0 });
    for (let i = 0; i < 40; i++) lanes.add(job(`j${i}`), lease());
    const inFlight = () => started.length - freed;
    let freed = 0;
    const answer = (overloaded = false) => started[freed++].slot.free({ ms: 2, overloaded });
    expect(inFlight()).toBe(2);
    answer();
    answer(); // two fast answers at limit 2: limit 3
    expect(lanes.limit('e1')).toBe(3);
    expect(inFlight()).toBe(3);
    for (let i = 0; i < 3 + 4; i++) answer(); // 3 more at 3: 4; then the maximum holds
    expect(lanes.limit('e1')).toBe(4);
    expect(inFlight()).toBe(4);
    answer(true); // a 503: halved
    expect(lanes.limit('e1')).toBe(2);
    answer(true);
    answer(true);
    expect(lanes.limit('e1')).toBe(1); // never below one
  });

  it('does not raise the limit for slow answers, nor when nothing waits', () => {
    const { lanes, started, lease } = lanesWith();
    for (let i = 0; i < 6; i++) lanes.add(job(`j${i}`), lease());
    started[0].slot.free({ ms: 5_000, overloaded: false });
    started[1].slot.free({ ms: 5_000, overloaded: false });
    expect(lanes.limit('e1')).toBe(2);
    lanes.add(job('solo', 'quiet'), lease());
    started.at(-1)!.slot.free(fast(1));
    expect(lanes.limit('quiet')).toBe(2);
  });

  it('hands back a queued job whose lease would run out before its attempt finished, instead of sending it', () => {
    const { lanes, started, expired, advance, lease } = lanesWith();
    lanes.add(job('a1'), lease());
    lanes.add(job('a2'), lease());
    lanes.add(job('a3'), lease());
    advance(45_000); // 15 s of lease left, the budget is 20 s
    started[0].slot.free(fast(1));
    expect(ids(started)).toEqual(['a1', 'a2']);
    expect(expired.map((j) => j.id)).toEqual(['a3']);
  });

  it('on close starts nothing more and returns the queued jobs', () => {
    const { lanes, started, expired, lease } = lanesWith();
    for (const id of ['a1', 'a2', 'a3', 'a4']) lanes.add(job(id), lease());
    expect(lanes.close().map((j) => j.id)).toEqual(['a3', 'a4']);
    started[0].slot.free(fast(1));
    expect(ids(started)).toEqual(['a1', 'a2']);
    lanes.add(job('late'), lease());
    expect(expired.map((j) => j.id)).toEqual(['late']);
  });
});
