import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import {
  AttemptOutcome,
  TOPICS,
  WebhookMessage,
  topicName,
  type StreamAttempt,
  type StreamKind,
  type StreamMessage,
  type TopicSpec,
} from '@fastgen/contracts';
import {
  APP_ENV,
  KAFKA,
  KAFKA_CLIENT_ID,
  Readiness,
  restartAfterCrash,
} from '@fastgen/platform';
import type { GatewayEnv } from '../gateway.env';
import {
  ReplayBuffer,
  type ReplayResult,
  type StreamEntry,
} from './replay-buffer';
import { positionKey, type Positions, type TopicAlias } from './stream-cursor';

const READINESS = 'stream-hub';

export interface StreamFilter {
  scope: string;
  kinds: ReadonlySet<StreamKind>;
  /** Event names; empty = every event. */
  events: ReadonlySet<string>;
}

export interface Subscriber {
  filter: StreamFilter;
  send(entry: StreamEntry): void;
}

interface Streamed {
  alias: TopicAlias;
  spec: TopicSpec;
  kind: StreamKind;
  toEntry(
    value: unknown,
  ):
    | { scope: string; event: string; data: StreamMessage | StreamAttempt }
    | undefined;
}

// Messages (what `fastgen listen` forwards) and attempt outcomes (what the dashboard tails).
const STREAMED: Streamed[] = [
  {
    alias: 'm',
    spec: TOPICS.events.messages,
    kind: 'message',
    toEntry(value) {
      if (WebhookMessage.errors(value).length > 0) return undefined;
      const m = value as WebhookMessage;
      // An endpoint test goes to one endpoint only, never to a listening CLI.
      if (m.source === 'test' || m.endpoint_id !== undefined) return undefined;
      return {
        scope: `${m.project_id}:${m.environment}`,
        event: m.event,
        data: {
          id: m.id,
          event: m.event,
          payload: m.payload ?? null,
          created_at: m.created_at,
          source: m.source,
        },
      };
    },
  },
  {
    alias: 'a',
    spec: TOPICS.dispatcher.attempts,
    kind: 'attempt',
    toEntry(value) {
      if (AttemptOutcome.errors(value).length > 0) return undefined;
      const a = value as AttemptOutcome;
      const data: StreamAttempt = {
        id: a.id,
        delivery_id: a.delivery_id,
        message_id: a.message_id,
        endpoint_id: a.endpoint_id,
        event: a.event,
        attempt_number: a.attempt_number,
        started_at: a.started_at,
        duration_ms: a.duration_ms,
        url: a.url,
        response_status: a.response_status,
        error: a.error,
        succeeded: a.succeeded,
        delivery_status: a.delivery_status,
        next_attempt_at: a.next_attempt_at,
      };
      return {
        scope: `${a.project_id}:${a.environment}`,
        event: a.event,
        data,
      };
    },
  },
];

export const matches = (
  filter: StreamFilter,
  e: Pick<StreamEntry, 'scope' | 'kind' | 'event'>,
): boolean =>
  e.scope === filter.scope &&
  filter.kinds.has(e.kind) &&
  (filter.events.size === 0 || filter.events.has(e.event));

/**
 * Fans the messages and attempts topics out to the connected streams of this process. Every
 * gateway process reads both topics with a consumer group of its own (nothing committed), from
 * the end as it was at start, and keeps the last records in a bounded replay buffer for clients
 * that reconnect with Last-Event-ID. Nothing here is on the path of accepting or delivering.
 */
@Injectable()
export class StreamHub
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(StreamHub.name);
  private readonly subscribers = new Set<Subscriber>();
  private readonly buffer: ReplayBuffer;
  private readonly byTopic = new Map<string, Streamed>();
  private readonly closers = new Set<() => void>();
  private consumer?: Consumer;
  private stopping = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_CLIENT_ID) private readonly clientId: string,
    @Inject(APP_ENV) env: GatewayEnv,
    private readonly readiness: Readiness,
  ) {
    this.buffer = new ReplayBuffer(
      env.STREAM_REPLAY_EVENTS,
      env.STREAM_REPLAY_BYTES,
    );
    for (const s of STREAMED) this.byTopic.set(topicName(s.spec), s);
    readiness.waitFor(READINESS, 'live stream consumer not positioned yet');
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  /** The cursor a new stream starts from: everything after it is sent. */
  cursor(): string {
    return this.buffer.cursor();
  }

  /** Registers a live subscriber; returns the held records after `after` (when resuming). */
  subscribe(
    subscriber: Subscriber,
    after: Positions | undefined,
    close: () => void,
  ): { replay: ReplayResult; unsubscribe: () => void } {
    const replay = after
      ? this.buffer.replay(after, (e) => matches(subscriber.filter, e))
      : { entries: [], gap: false };
    this.subscribers.add(subscriber);
    this.closers.add(close);
    return {
      replay,
      unsubscribe: () => {
        this.subscribers.delete(subscriber);
        this.closers.delete(close);
      },
    };
  }

  private async start(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.run();
        return;
      } catch (err) {
        this.logger.warn(
          `live stream consumer could not start (attempt ${attempt}), retrying: ${(err as Error).message}`,
        );
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * attempt)));
      }
    }
  }

  private async run(): Promise<void> {
    // The end of each partition now: the stream starts there (a fresh group would otherwise race
    // its own offset lookup against records produced meanwhile).
    const admin = this.kafka.admin();
    await admin.connect();
    const starts = new Map<
      string,
      { topic: string; partition: number; offset: string }
    >();
    try {
      for (const [topic, s] of this.byTopic) {
        for (const o of await admin.fetchTopicOffsets(topic)) {
          starts.set(positionKey(s.alias, o.partition), {
            topic,
            partition: o.partition,
            offset: o.high,
          });
          this.buffer.start(positionKey(s.alias, o.partition), Number(o.high));
        }
      }
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({
      groupId: `${this.clientId}-stream-${randomUUID().slice(0, 8)}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    // After a crash, carry on after the last record processed: nothing is skipped unseen.
    restartAfterCrash(
      consumer,
      async () => {
        await this.consume(consumer);
        for (const s of starts.values()) {
          consumer.seek({
            ...s,
            offset: String(
              this.buffer.nextOffset(
                positionKey(this.byTopic.get(s.topic)!.alias, s.partition),
              ),
            ),
          });
        }
      },
      this.logger,
      () => this.stopping,
    );
    await this.consume(consumer);
    for (const s of starts.values()) consumer.seek(s);
    this.readiness.done(READINESS);
  }

  private async consume(consumer: Consumer): Promise<void> {
    await consumer.connect();
    for (const topic of this.byTopic.keys())
      await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const streamed = this.byTopic.get(batch.topic);
        if (!streamed) return;
        for (const message of batch.messages)
          this.onRecord(streamed, batch.partition, message);
      },
    });
  }

  private onRecord(
    s: Streamed,
    partition: number,
    message: KafkaMessage,
  ): void {
    const key = positionKey(s.alias, partition);
    const offset = Number(message.offset);
    if (!this.buffer.isNew(key, offset)) return; // re-read after the start-up seek
    const cursor = this.buffer.advance(key, offset);
    let value: unknown;
    try {
      value = JSON.parse(message.value?.toString('utf8') ?? 'null');
    } catch {
      return; // the owning consumers dead-letter it
    }
    const mapped = s.toEntry(value);
    if (!mapped) return;
    const entry: StreamEntry = {
      key,
      offset,
      scope: mapped.scope,
      kind: s.kind,
      event: mapped.event,
      data: JSON.stringify(mapped.data),
      cursor,
    };
    this.buffer.push(entry);
    for (const sub of this.subscribers) {
      if (matches(sub.filter, entry)) sub.send(entry);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Open streams would hold the HTTP server's close: end them (clients resume elsewhere).
    for (const close of this.closers) close();
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
