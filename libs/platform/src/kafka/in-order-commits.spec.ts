import { InOrderCommits } from './in-order-commits';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

// Lets every pending promise callback run.
const settle = () => new Promise((r) => setImmediate(r));

function setup(depth = 8) {
  const commits: string[] = [];
  const failed: string[] = [];
  const commitsOf = new InOrderCommits({
    depth,
    commit: async (topic, partition, next) => void commits.push(`${topic}/${partition}@${next}`),
    onFailed: (topic, partition, from, error) => failed.push(`${topic}/${partition} from ${from}: ${(error as Error).message}`),
  });
  return { commits, failed, commitsOf };
}

describe('InOrderCommits', () => {
  it('commits a partition only up to the chunks that are durable with everything before them', async () => {
    const { commits, commitsOf } = setup();
    const [a, b, c] = [deferred(), deferred(), deferred()];
    await commitsOf.add('t', 0, '0', '9', () => a.promise);
    await commitsOf.add('t', 0, '10', '19', () => b.promise);
    await commitsOf.add('t', 0, '20', '29', () => c.promise);

    c.resolve();
    b.resolve();
    await settle();
    expect(commits).toEqual([]); // the first chunk is still being written: nothing may be committed

    a.resolve();
    await settle();
    expect(commits).toEqual(['t/0@30']);
    expect(commitsOf.held()).toBe(0);
  });

  it('keeps partitions apart: one slow write holds back only its own partition', async () => {
    const { commits, commitsOf } = setup();
    const slow = deferred();
    await commitsOf.add('t', 0, '0', '5', () => slow.promise);
    await commitsOf.add('t', 1, '0', '7', async () => undefined);
    await settle();
    expect(commits).toEqual(['t/1@8']);
    slow.resolve();
    await settle();
    expect(commits).toEqual(['t/1@8', 't/0@6']);
  });

  it('pushes back on fetching while a partition holds `depth` chunks, until the oldest is written', async () => {
    const { commitsOf } = setup(2);
    const first = deferred();
    await commitsOf.add('t', 0, '0', '1', () => first.promise); // room for one more
    let second = false;
    const adding = commitsOf.add('t', 0, '2', '2', async () => undefined).then(() => (second = true));
    await settle();
    expect(second).toBe(false); // two held: the fetch waits
    first.resolve();
    await adding;
    expect(second).toBe(true);
  });

  it('never commits past a failed chunk, and says so once', async () => {
    const { commits, failed, commitsOf } = setup();
    const head = deferred();
    await commitsOf.add('t', 0, '0', '9', () => head.promise);
    await commitsOf.add('t', 0, '10', '19', async () => undefined);
    head.reject(new Error('database gone'));
    await settle();
    expect(failed).toEqual(['t/0 from 0: database gone']);
    expect(commits).toEqual([]);

    // The consumer fetches the partition again from its committed offset: a fresh start.
    commitsOf.forget('t', 0);
    await commitsOf.add('t', 0, '0', '9', async () => undefined);
    await settle();
    expect(commits).toEqual(['t/0@10']);
  });

  it('a chunk failing behind one still being written asks to fetch again from the older one', async () => {
    const { commits, failed, commitsOf } = setup();
    const head = deferred();
    const second = deferred();
    await commitsOf.add('t', 0, '0', '9', () => head.promise);
    await commitsOf.add('t', 0, '10', '19', () => second.promise);
    second.reject(new Error('stopping'));
    await settle();
    expect(failed).toEqual(['t/0 from 0: stopping']); // the first chunk may fail yet: nothing past 0 is certain
    head.resolve();
    await settle();
    expect(commits).toEqual(['t/0@10']); // what is durable still counts, up to the failed chunk
  });

  it('after a rebalance, a write that finishes late commits nothing', async () => {
    const { commits, failed, commitsOf } = setup();
    const late = deferred();
    await commitsOf.add('t', 0, '0', '9', () => late.promise);
    commitsOf.reset();
    late.resolve();
    await settle();
    expect(commits).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('drain waits for the writes in flight and their commits', async () => {
    const { commits, commitsOf } = setup();
    const write = deferred();
    await commitsOf.add('t', 2, '32', '41', () => write.promise);
    const drained = commitsOf.drain(5_000);
    setImmediate(() => write.resolve());
    await drained;
    expect(commits).toEqual(['t/2@42']);
  });

  it('drain gives up at its deadline on a write that does not finish', async () => {
    const { commits, commitsOf } = setup();
    await commitsOf.add('t', 0, '0', '1', () => new Promise<void>(() => undefined));
    await commitsOf.drain(20);
    expect(commits).toEqual([]);
  });
});
