/** Commits a partition's next offset (the last durable record's offset + 1). */
export type CommitOffset = (topic: string, partition: number, nextOffset: string) => Promise<void>;

interface Chunk {
  first: string;
  last: string;
  state: 'writing' | 'done' | 'failed';
}

interface PartitionQueue {
  topic: string;
  partition: number;
  chunks: Chunk[];
  // Settles when the head chunk settles: what a full partition waits for.
  headSettled: Promise<void>;
  onHeadSettled: () => void;
}

/**
 * Lets a consumer write the chunks of a partition while it fetches the next ones, and commits
 * offsets in order all the same: a chunk's offset is committed only once it and every chunk fetched
 * before it are durable. Chunks finish in any order (their writes are idempotent and independent);
 * the committed offset only ever covers a durable prefix, so a crash at any point replays exactly
 * what was not yet stored, never skips it.
 *
 * A failed chunk blocks the commits behind it (`onFailed` is told, to fetch it again); `reset`
 * forgets every partition after a rebalance, when the fetch position goes back to the committed
 * offset and writes still in flight may finish without committing.
 */
export class InOrderCommits {
  private queues = new Map<string, PartitionQueue>();
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      /** Chunks of one partition held at once (writing, or written behind one still writing). */
      depth: number;
      commit: CommitOffset;
      /**
       * A chunk's write failed: commits of its partition stop before it until `forget`/`reset`.
       * `from` is the first offset not committed (the oldest chunk held): fetch again from there.
       */
      onFailed: (topic: string, partition: number, from: string, error: unknown) => void;
      /** A prefix of the partition is durable up to `last` (for lag gauges). */
      onCommitted?: (topic: string, partition: number, last: string) => void;
    },
  ) {}

  /**
   * Starts writing a chunk (offsets `first` to `last`) and resolves once the partition has room for
   * another: at most `depth` chunks of a partition are held, so a slow database pushes back on
   * fetching instead of filling memory.
   */
  async add(topic: string, partition: number, first: string, last: string, write: () => Promise<void>): Promise<void> {
    const queue = this.queueOf(topic, partition);
    const chunk: Chunk = { first, last, state: 'writing' };
    queue.chunks.push(chunk);
    Promise.resolve()
      .then(write)
      .then(
        () => {
          chunk.state = 'done';
          this.settled(queue);
        },
        (error: unknown) => {
          chunk.state = 'failed';
          const current = this.queues.get(key(topic, partition)) === queue;
          this.settled(queue);
          if (current) this.options.onFailed(topic, partition, queue.chunks[0]!.first, error);
        },
      );
    while (queue.chunks.length >= this.options.depth && this.queues.get(key(topic, partition)) === queue && queue.chunks[0]!.state === 'writing') {
      await queue.headSettled;
    }
  }

  /** Chunks held (writing or waiting for an earlier one), over every partition. */
  held(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.chunks.length;
    return n;
  }

  /** Forgets one partition (its fetch position was moved back to the committed offset). */
  forget(topic: string, partition: number): void {
    const queue = this.queues.get(key(topic, partition));
    this.queues.delete(key(topic, partition));
    queue?.onHeadSettled();
  }

  /** Forgets every partition (a rebalance: what was not committed is fetched again). */
  reset(): void {
    const queues = [...this.queues.values()];
    this.queues = new Map();
    for (const q of queues) q.onHeadSettled();
  }

  /** Waits (at most `timeoutMs`) for the chunks being written, then for the commits they allow. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const writing = [...this.queues.values()].filter((q) => q.chunks.some((c) => c.state === 'writing'));
      const left = deadline - Date.now();
      if (writing.length === 0 || left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(writing.map((q) => q.headSettled)), new Promise<void>((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    await this.committing;
  }

  private queueOf(topic: string, partition: number): PartitionQueue {
    const k = key(topic, partition);
    let queue = this.queues.get(k);
    if (!queue) {
      queue = { topic, partition, chunks: [], headSettled: Promise.resolve(), onHeadSettled: () => undefined };
      this.armHead(queue);
      this.queues.set(k, queue);
    }
    return queue;
  }

  private armHead(queue: PartitionQueue): void {
    queue.headSettled = new Promise<void>((resolve) => (queue.onHeadSettled = resolve));
  }

  private settled(queue: PartitionQueue): void {
    if (this.queues.get(key(queue.topic, queue.partition)) !== queue) return; // forgotten meanwhile
    let last: string | undefined;
    while (queue.chunks[0]?.state === 'done') last = queue.chunks.shift()!.last;
    // Whoever waits for room looks again (a failed head stays: its partition is fetched again).
    queue.onHeadSettled();
    this.armHead(queue);
    if (last === undefined) return;
    const { topic, partition } = queue;
    const durable = last;
    const next = (BigInt(durable) + 1n).toString();
    // One commit at a time, in order: a later offset never lands before an earlier one. A commit
    // that fails (a rebalance under way) costs only a replay of what is already stored.
    this.committing = this.committing
      .then(() => this.options.commit(topic, partition, next))
      .then(() => this.options.onCommitted?.(topic, partition, durable))
      .catch(() => undefined);
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
