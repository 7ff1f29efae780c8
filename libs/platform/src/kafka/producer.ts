import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { topicName, type TopicSpec } from '@fastgen/contracts';
import { KAFKA } from './kafka.tokens';

export interface OutgoingRecord<T> {
  key: string;
  /** null publishes a tombstone (compacted topics). */
  value: T | null;
  headers?: Record<string, string>;
}

/**
 * The one producer of a service: idempotent, acks from all in-sync replicas, and every value
 * validated against its contract before it leaves. `send` resolves only once the broker has it.
 */
@Injectable()
export class KafkaProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((err) => {
      this.connected = undefined;
      throw err;
    });
    return this.connected;
  }

  async send<T>(spec: TopicSpec, records: OutgoingRecord<T>[]): Promise<void> {
    for (const record of records) {
      if (record.value !== null) spec.contract.parse(record.value);
    }
    await this.connect();
    await this.producer.send({
      topic: topicName(spec),
      acks: -1,
      compression: CompressionTypes.None,
      messages: records.map((r) => ({
        key: r.key,
        value: r.value === null ? null : JSON.stringify(r.value),
        headers: r.headers,
      })),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connected) {
      await this.producer.disconnect().catch((err) => this.logger.warn(`producer disconnect: ${err}`));
    }
  }
}
