import { Logger } from '@nestjs/common';
import type { TopicSpec } from '@fastgen/contracts';
import { retry, sleep } from '../retry/retry';
import { WakeUp } from '../retry/wake-up';
import type { KafkaProducer } from './producer';

/** A record written to an outbox table in the same transaction as the state it describes. */
export interface OutboxEntry {
  /** The outbox's name for the topic (a key of `topics`). */
  topic: string;
  key: string;
  value: unknown;
}

export interface OutboxRelayOptions<E extends OutboxEntry> {
  name: string;
  /** Topic specs by the outbox's topic names. */
  topics: Record<string, TopicSpec>;
  /** Takes up to `limit` entries oldest first, hands them to `publish`, and deletes them only if it resolves. */
  drain: (limit: number, publish: (entries: E[]) => Promise<void>) => Promise<number>;
  batch?: number;
  /** After a partial batch, let entries gather this long so the next produce request carries many. */
  lingerMs?: number;
  /** Look again after this long even if nobody called wake(). */
  idleMs?: number;
  /** Record headers of an entry (e.g. the trace context of what it describes). */
  headers?: (entry: E) => Record<string, string> | undefined;
}

/**
 * Publishes what a service wrote to its outbox table, oldest first, at least once: entries are
 * deleted only after the broker acknowledged them (consumers are idempotent by record id). A
 * failed publish leaves them in place and is retried with the platform's backoff.
 */
export class OutboxRelay<E extends OutboxEntry> {
  private readonly logger: Logger;
  private stopped = false;
  private readonly wakeUp = new WakeUp();
  private loop?: Promise<void>;

  constructor(
    private readonly producer: Pick<KafkaProducer, 'send'>,
    private readonly options: OutboxRelayOptions<E>,
  ) {
    this.logger = new Logger(`outbox:${options.name}`);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New entries were written: publish now rather than after the idle pause. */
  wake(): void {
    this.wakeUp.now();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop?.catch(() => undefined);
  }

  /** One drain: publishes up to a batch and returns how many went out. */
  drainOnce(): Promise<number> {
    return this.options.drain(this.options.batch ?? 500, (entries) => this.publish(entries));
  }

  private async run(): Promise<void> {
    const batch = this.options.batch ?? 500;
    while (!this.stopped) {
      const sent = await retry(() => this.drainOnce(), {
        what: `publishing the ${this.options.name} outbox`,
        initialMs: 250,
        maxMs: 5_000,
        logger: this.logger,
        keepGoing: () => !this.stopped,
      }).catch(() => 0);
      if (sent > 0 && sent < batch) await sleep(this.options.lingerMs ?? 20);
      if (sent === 0 && !this.stopped) await this.wakeUp.pause(this.options.idleMs ?? 1_000);
    }
  }

  private async publish(entries: E[]): Promise<void> {
    const byTopic = new Map<string, E[]>();
    for (const e of entries) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    for (const [topic, list] of byTopic) {
      const spec = this.options.topics[topic];
      if (!spec) throw new Error(`outbox ${this.options.name}: unknown topic ${topic}`);
      await this.producer.send(spec, list.map((e) => ({ key: e.key, value: e.value, headers: this.options.headers?.(e) })));
    }
  }
}
