import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TopicSpec } from '@fastgen/contracts';
import { APP_ENV, KafkaProducer, ServiceError, ServiceErrorCode, type OutgoingRecord } from '@fastgen/platform';
import type { GatewayEnv } from '../gateway.env';

/**
 * Publishes with acks=all and resolves only once the broker has the record; a broker that does
 * not answer within PUBLISH_TIMEOUT_MS makes it a 503 (Retry-After), never a 202.
 */
@Injectable()
export class MessagePublisher {
  private readonly logger = new Logger(MessagePublisher.name);

  constructor(
    private readonly producer: KafkaProducer,
    @Inject(APP_ENV) private readonly env: GatewayEnv,
  ) {}

  async publish<T>(spec: TopicSpec, record: OutgoingRecord<T>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no broker acknowledgement within ${this.env.PUBLISH_TIMEOUT_MS} ms`)), this.env.PUBLISH_TIMEOUT_MS);
    });
    const sent = this.producer.send(spec, [record]);
    sent.catch(() => undefined); // a late failure after the timeout is already answered
    try {
      await Promise.race([sent, timeout]);
    } catch (err) {
      this.logger.warn(`publish to ${spec.name} failed: ${(err as Error).message}`);
      throw new ServiceError(ServiceErrorCode.UNAVAILABLE, 'the message could not be stored right now; retry later (with the same Idempotency-Key)');
    } finally {
      clearTimeout(timer);
    }
  }
}
