import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { TOPICS, type DeadLetter, type DeadLetterReason, type FieldError } from '@fastgen/contracts';
import { KafkaProducer } from './producer';
import { KAFKA_CLIENT_ID } from './kafka.tokens';
import { deadLettersTotal } from './consumer-metrics';

export interface RejectedRecord {
  topic: string;
  partition: number;
  message: Pick<KafkaMessage, 'key' | 'value' | 'offset'>;
  reason: DeadLetterReason;
  errors: FieldError[];
  /** The decoded value, when there is one: its project_id scopes the dead letter. */
  value?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parks records a consumer can never handle on the dead-letter topic, with the reason, so that
 * they never block a partition. Resolves once the broker has them: only then may the consumer
 * commit past them.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(
    private readonly producer: KafkaProducer,
    @Inject(KAFKA_CLIENT_ID) private readonly consumer: string,
  ) {}

  async send(rejected: RejectedRecord[]): Promise<void> {
    if (rejected.length === 0) return;
    const records = rejected.map((r) => this.toDeadLetter(r));
    await this.producer.send(
      TOPICS.events.deadLetter,
      records.map((d) => ({ key: d.key ?? `${d.topic}-${d.partition}-${d.offset}`, value: d })),
    );
    for (const d of records) {
      deadLettersTotal().inc({ topic: d.topic, reason: d.reason ?? 'invalid' });
      this.logger.warn(`dead-lettered ${d.topic}[${d.partition}]@${d.offset} (${d.reason}): ${d.errors.map((e) => (e.field ? `${e.field} ${e.message}` : e.message)).join('; ')}`);
    }
  }

  private toDeadLetter(r: RejectedRecord): DeadLetter {
    const projectId = (r.value as { project_id?: unknown } | null | undefined)?.project_id;
    return {
      topic: r.topic,
      partition: r.partition,
      offset: r.message.offset,
      key: r.message.key == null ? null : r.message.key.toString(),
      value: r.message.value == null ? null : r.message.value.toString('utf8'),
      errors: r.errors,
      reason: r.reason,
      project_id: typeof projectId === 'string' && UUID.test(projectId) ? projectId : null,
      consumer: this.consumer,
      failed_at: new Date().toISOString(),
    };
  }
}
