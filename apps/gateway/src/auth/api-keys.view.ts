import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { ApiKeyState, TOPICS, topicName } from '@fastgen/contracts';
import { KAFKA, KAFKA_CLIENT_ID, Readiness, retry } from '@fastgen/platform';

const READY_KEY = 'api-keys-view';

export interface ApiKeyOwner {
  api_key_id: string;
  project_id: string;
  environment: ApiKeyState['environment'];
  /** The visible start of the key (`fg_dev_Hk3x`), to recognise it; never the key itself. */
  prefix: string;
}

/**
 * The gateway's local view of API keys, built from the compacted config.api-keys.v1 topic, so that
 * authentication never waits on another service. Every process reads the whole topic from the
 * beginning (a consumer group of its own) and reports ready only once it has caught up with the
 * end of the topic as it was at start; later changes (a revocation) arrive within milliseconds.
 */
@Injectable()
export class ApiKeysView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeysView.name);
  private readonly byHash = new Map<string, ApiKeyOwner>();
  private readonly hashById = new Map<string, string>();
  private consumer?: Consumer;
  private caughtUp = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_CLIENT_ID) private readonly clientId: string,
    private readonly readiness: Readiness,
  ) {
    readiness.waitFor(READY_KEY, 'API keys not loaded from Kafka yet');
  }

  get ready(): boolean {
    return this.caughtUp;
  }

  /** The owner of an active key, by the SHA-256 hex of the key; undefined when unknown or revoked. */
  findByHash(hash: string): ApiKeyOwner | undefined {
    return this.byHash.get(hash);
  }

  /** Applies one record of the topic (null = tombstone). Exposed for unit tests. */
  apply(id: string, value: ApiKeyState | null): void {
    const previous = this.hashById.get(id);
    if (previous) this.byHash.delete(previous);
    this.hashById.delete(id);
    if (value && value.revoked_at === null) {
      this.byHash.set(value.key_hash, { api_key_id: value.id, project_id: value.project_id, environment: value.environment, prefix: value.prefix });
      this.hashById.set(id, value.key_hash);
    }
  }

  onApplicationBootstrap(): void {
    // In the background: a broker that is down at boot keeps the gateway unready, not dead.
    void this.start();
  }

  private start(): Promise<void> {
    const topic = topicName(TOPICS.config.apiKeys);
    return retry(
      async () => {
        const targets = await this.endOffsets(topic);
        const consumer = this.kafka.consumer({
          // Unique per process: every replica needs every partition.
          groupId: `${this.clientId}-api-keys-${randomUUID().slice(0, 8)}`,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          maxWaitTimeInMs: 500,
        });
        this.consumer = consumer;
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          // kafkajs restarts by itself after retriable errors; otherwise start over from the beginning.
          if (payload.restart) return;
          this.logger.error(`API key view consumer crashed, restarting: ${payload.error.message}`);
          void consumer.disconnect().finally(() => this.start());
        });
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        this.markCaughtUp(targets);
        await consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) this.applyRecord(message.key?.toString() ?? '', message.value);
            const last = Number(batch.lastOffset());
            const target = targets.get(batch.partition);
            if (target !== undefined && last + 1 >= target) targets.delete(batch.partition);
            this.markCaughtUp(targets);
          },
        });
      },
      {
        what: 'starting the API key view',
        initialMs: 250,
        maxMs: 2_000,
        logger: this.logger,
        onRetry: () => this.consumer?.disconnect().catch(() => undefined),
      },
    );
  }

  /** Partition → the offset to reach; empty partitions need nothing. */
  private async endOffsets(topic: string): Promise<Map<number, number>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
    } finally {
      await admin.disconnect();
    }
  }

  private markCaughtUp(targets: Map<number, number>): void {
    if (this.caughtUp || targets.size > 0) return;
    this.caughtUp = true;
    this.readiness.done(READY_KEY);
    this.logger.log(`API key view loaded: ${this.byHash.size} active keys`);
  }

  private applyRecord(id: string, raw: Buffer | null): void {
    if (raw === null) return this.apply(id, null);
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      this.logger.warn(`skipping an API key record that is not JSON (key ${id})`);
      return;
    }
    const errors = ApiKeyState.errors(value);
    if (errors.length > 0) {
      // config validates before producing; a bad record is reported, never applied.
      this.logger.warn(`skipping an invalid API key record (key ${id}): ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      return;
    }
    this.apply(id, value as ApiKeyState);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect().catch((err) => this.logger.warn(`API key view disconnect: ${err}`));
  }
}
