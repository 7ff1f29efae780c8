import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { topicName, type TopicSpec } from '@fastgen/contracts';
import { restartAfterCrash } from './restart-after-crash';
import { retry } from '../retry/retry';

export interface CompactedViewOptions<T> {
  /** Names the consumer group (a fresh one per process: every replica reads the whole topic). */
  clientId: string;
  /** A record replaces the held one only if it is not older; records without versions always do. */
  version?: (value: T) => number;
  /** Called after each change, with the previous value (undefined when new) and the new one (undefined when deleted). */
  onChange?: (key: string, previous: T | undefined, next: T | undefined) => void;
}

/**
 * T is the value type of the spec's contract. An in-memory view of a compacted topic (latest value per key; null value = deleted), read from
 * the beginning by every process. `ready` resolves once everything published before start is
 * applied; `catchUp()` waits for everything published before the call (read-your-writes).
 */
export class CompactedView<T> {
  private readonly logger: Logger;
  private readonly values = new Map<string, T>();
  private readonly positions = new Map<number, number>();
  private consumer?: Consumer;
  private readyPromise?: Promise<void>;
  private admin?: Admin;
  private adminConnected?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly spec: TopicSpec,
    private readonly options: CompactedViewOptions<T>,
  ) {
    this.logger = new Logger(`view:${spec.name}`);
  }

  get(key: string): T | undefined {
    return this.values.get(key);
  }

  all(): IterableIterator<T> {
    return this.values.values();
  }

  get size(): number {
    return this.values.size;
  }

  /** Starts consuming; the returned promise resolves when the view holds the topic as it was at start. */
  start(): Promise<void> {
    this.readyPromise ??= this.runUntilLoaded();
    return this.readyPromise;
  }

  // A broker that has just started answers "not the leader" or "coordinator loading" for a while:
  // keep trying rather than leave the service unready for good.
  private runUntilLoaded(): Promise<void> {
    return retry(() => this.run(), {
      what: `loading the view of ${this.spec.name}`,
      initialMs: 250,
      maxMs: 2_000,
      logger: this.logger,
      keepGoing: () => !this.stopped,
      onRetry: () => this.consumer?.disconnect().catch(() => undefined),
    });
  }

  /** Waits until every record published before this call is applied (or the deadline passes). */
  async catchUp(timeoutMs = 5_000): Promise<boolean> {
    const targets = await this.highWatermarks();
    return this.waitForPositions(targets, timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect().catch(() => undefined);
    if (this.adminConnected) await this.admin?.disconnect().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const targets = await this.highWatermarks();
    if (!this.consumer) {
      const consumer = this.kafka.consumer({ groupId: `${this.options.clientId}-view-${this.spec.name}-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      // After a crash the view reads the topic again from the beginning; applying a record twice is harmless.
      restartAfterCrash(consumer, () => this.consume(consumer), this.logger, () => this.stopped);
      this.consumer = consumer;
    }
    await this.consume(this.consumer);
    await this.waitForPositions(targets, Number.POSITIVE_INFINITY);
    this.logger.log(`loaded ${this.values.size} records`);
  }

  private async consume(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(this.spec), fromBeginning: true });
    await consumer.run({
      autoCommit: false, // the view is rebuilt from the beginning by every process; nothing to commit
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) this.apply(message.key?.toString() ?? '', message.value);
        this.positions.set(batch.partition, Number(batch.lastOffset()) + 1);
      },
    });
  }

  private apply(key: string, raw: Buffer | null): void {
    const previous = this.values.get(key);
    if (raw === null) {
      if (previous !== undefined) {
        this.values.delete(key);
        this.options.onChange?.(key, previous, undefined);
      }
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      this.logger.warn(`skipping ${key}: not JSON`);
      return;
    }
    const errors = this.spec.contract.errors(value);
    if (errors.length > 0) {
      this.logger.warn(`skipping ${key}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      return;
    }
    const next = value as T;
    const version = this.options.version;
    if (previous !== undefined && version && version(next) < version(previous)) return;
    this.values.set(key, next);
    this.options.onChange?.(key, previous, next);
  }

  private async highWatermarks(): Promise<Map<number, number>> {
    // One admin connection, kept: catchUp() may be called for every batch of work.
    this.admin ??= this.kafka.admin();
    this.adminConnected ??= this.admin.connect();
    try {
      await this.adminConnected;
      const offsets = await this.admin.fetchTopicOffsets(topicName(this.spec));
      // Only partitions holding records need reading; an empty one is caught up by definition.
      return new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
    } catch (err) {
      this.adminConnected = undefined;
      throw err;
    }
  }

  private async waitForPositions(targets: Map<number, number>, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ([...targets].every(([p, high]) => (this.positions.get(p) ?? 0) >= high)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
