import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka, Message, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { topicName, type TopicSpec } from '@fastgen/contracts';
import { KAFKA } from './kafka.tokens';
import { PRODUCER_DEFAULTS } from './kafka-client';
import { contextWith, endWith, injectTraceContext, startProducerSpan } from '../observability/tracing';

export interface OutgoingRecord<T> {
  key: string;
  /** null publishes a tombstone (compacted topics). */
  value: T | null;
  headers?: Record<string, string>;
}

// Upper bound of one coalesced produce request (the broker's default limit is 1 MiB).
const MAX_BATCH_BYTES = 512 * 1024;

interface Pending {
  topic: string;
  messages: Message[];
  bytes: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The one producer of a service: idempotent, acks from all in-sync replicas, and every value
 * validated against its contract before it leaves. `send` resolves only once the broker has it.
 *
 * kafkajs lets an idempotent producer have one produce request in flight per broker, so sends
 * issued one by one run at one broker round trip each (~75/s on a busy 2-core machine). Sends made
 * while a request is in flight are therefore coalesced into the next request: no added delay
 * (the first send goes at once), the same acks=all, and each caller still resolves only when the
 * request holding its records is acknowledged (or rejects if it fails).
 */
@Injectable()
export class KafkaProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private readonly producer: Producer;
  private connected?: Promise<void>;
  private queue: Pending[] = [];
  private flushing = false;

  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.producer = kafka.producer({ ...PRODUCER_DEFAULTS, idempotent: true, maxInFlightRequests: 5 });
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
    // Tracing: a producer span (when called within a trace) whose context each record carries.
    const span = startProducerSpan(spec.name, records.length);
    const traceContext = contextWith(span);
    let bytes = 0;
    const messages = records.map((r) => {
      const value = r.value === null ? null : JSON.stringify(r.value);
      bytes += (value?.length ?? 0) + r.key.length;
      return { key: r.key, value, headers: injectTraceContext(r.headers, traceContext) };
    });
    const sent = new Promise<void>((resolve, reject) => {
      this.queue.push({ topic: topicName(spec), messages, bytes, resolve, reject });
      if (!this.flushing) void this.flush();
    });
    await endWith(span, sent);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        // Records of one topic keep the order in which send() was called.
        const byTopic = new Map<string, Message[]>();
        for (const p of batch) {
          const list = byTopic.get(p.topic) ?? [];
          list.push(...p.messages);
          byTopic.set(p.topic, list);
        }
        try {
          await this.producer.sendBatch({
            acks: -1,
            compression: CompressionTypes.None,
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n].bytes <= MAX_BATCH_BYTES)) {
      bytes += this.queue[n].bytes;
      n++;
    }
    return this.queue.splice(0, n);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connected) {
      await this.producer.disconnect().catch((err) => this.logger.warn(`producer disconnect: ${err}`));
    }
  }
}
