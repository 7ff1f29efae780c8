import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { ApiKeyState, TOPICS, topicName, type Environment } from '@fastgen/contracts';
import { KAFKA, KAFKA_CLIENT_ID, Readiness } from '@fastgen/platform';

export interface Caller {
  project_id: string;
  environment: Environment;
  api_key_id: string;
}

const READY_KEY = 'api-keys-view';

/**
 * The gateway's local view of API keys, fed by the compacted config.api-keys.v1 topic and keyed
 * by SHA-256 of the key: authenticating a request never waits on another service. Each process
 * reads the whole topic (a group of its own) and reports ready once it has caught up.
 */
@Injectable()
export class ApiKeyView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyView.name);
  private readonly byHash = new Map<string, Caller>();
  private readonly hashById = new Map<string, string>();
  private readonly consumer: Consumer;
  private readonly kafka: Kafka;

  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(KAFKA_CLIENT_ID) clientId: string, private readonly readiness: Readiness) {
    this.kafka = kafka;
    this.consumer = kafka.consumer({ groupId: `${clientId}-api-keys-${randomUUID().slice(0, 8)}`, sessionTimeout: 10_000, allowAutoTopicCreation: false });
    readiness.waitFor(READY_KEY, 'API keys not loaded yet');
  }

  find(key: string): Caller | undefined {
    return this.byHash.get(createHash('sha256').update(key).digest('hex'));
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    const topic = topicName(TOPICS.config.apiKeys);
    for (;;) {
      try {
        const admin = this.kafka.admin();
        await admin.connect();
        const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
        const pending = new Map(ends.filter((p) => p.high !== p.low && p.high !== '0').map((p) => [p.partition, BigInt(p.high) - 1n]));
        if (pending.size === 0) this.readiness.done(READY_KEY);
        await this.consumer.connect();
        await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
        await this.consumer.run({
          eachMessage: async ({ partition, message }) => {
            this.apply(message.key?.toString() ?? '', message.value);
            const last = pending.get(partition);
            if (last !== undefined && BigInt(message.offset) >= last) {
              pending.delete(partition);
              if (pending.size === 0) this.readiness.done(READY_KEY);
            }
          },
        });
        return;
      } catch (err) {
        this.logger.warn(`API key view failed to start, retrying: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private apply(id: string, value: Buffer | null): void {
    const previous = this.hashById.get(id);
    if (previous) this.byHash.delete(previous);
    this.hashById.delete(id);
    if (value === null) return;
    let state: ApiKeyState;
    try {
      state = ApiKeyState.parse(JSON.parse(value.toString('utf8')));
    } catch (err) {
      this.logger.warn(`ignoring invalid API key record ${id}: ${(err as Error).message}`);
      return;
    }
    if (state.revoked_at !== null) return;
    this.hashById.set(state.id, state.key_hash);
    this.byHash.set(state.key_hash, { project_id: state.project_id, environment: state.environment, api_key_id: state.id });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }
}
