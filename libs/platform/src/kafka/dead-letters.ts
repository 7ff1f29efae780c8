import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import type { Static, TSchema } from '@sinclair/typebox';
import { TOPICS, type Contract, type DeadLetter, type FieldError } from '@fastgen/contracts';
import { KafkaProducer } from './producer';
import { KAFKA_CLIENT_ID } from './kafka.tokens';

/**
 * Consumers validate every record on receipt. An invalid one is parked on the dead-letter topic
 * (with the reasons) and skipped, so it never blocks its partition; any other error is thrown
 * so that Kafka redelivers the record (the offset is not committed).
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(
    private readonly producer: KafkaProducer,
    @Inject(KAFKA_CLIENT_ID) private readonly consumer: string,
  ) {}

  async consume<T extends TSchema>(contract: Contract<T>, value: unknown, ctx: KafkaContext, handle: (value: Static<T>) => Promise<void>): Promise<void> {
    const errors = contract.errors(value);
    if (errors.length > 0) {
      await this.park(ctx, errors);
      return;
    }
    await handle(value as Static<T>);
  }

  async park(ctx: KafkaContext, errors: FieldError[]): Promise<void> {
    const message = ctx.getMessage();
    const raw = message.value as unknown;
    const record: DeadLetter = {
      topic: ctx.getTopic(),
      partition: ctx.getPartition(),
      offset: message.offset,
      key: message.key == null ? null : message.key.toString(),
      value: raw == null ? null : typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString() : JSON.stringify(raw),
      errors,
      consumer: this.consumer,
      failed_at: new Date().toISOString(),
    };
    this.logger.warn(`dead-lettering ${record.topic}[${record.partition}]@${record.offset}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    await this.producer.send(TOPICS.events.deadLetter, [{ key: record.key ?? `${record.topic}-${record.offset}`, value: record }]);
  }
}
