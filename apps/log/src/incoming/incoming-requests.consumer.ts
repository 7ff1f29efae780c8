import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, type KafkaContext } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { IncomingRequest, TOPICS, topicName } from '@fastgen/contracts';
import { DeadLetters } from '@fastgen/platform';
import { IncomingRequestRecord } from './incoming-request.entity';

/** Records every request the gateway received. A replayed record (same id) is ignored. */
@Controller()
export class IncomingRequestsConsumer {
  constructor(
    @InjectRepository(IncomingRequestRecord) private readonly records: Repository<IncomingRequestRecord>,
    private readonly deadLetters: DeadLetters,
  ) {}

  @EventPattern(topicName(TOPICS.gateway.incomingRequests))
  record(@Payload() value: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    return this.deadLetters.consume(IncomingRequest, value, ctx, (r) => this.insert(r));
  }

  private async insert(r: IncomingRequest): Promise<void> {
    await this.records
      .createQueryBuilder()
      .insert()
      .values({
        id: r.id,
        projectId: r.project_id,
        environment: r.environment,
        receivedAt: new Date(r.received_at),
        method: r.method,
        path: r.path,
        status: r.status,
        durationMs: r.duration_ms,
        messageId: r.message_id,
        idempotencyKey: r.idempotency_key,
        headers: r.headers,
        bodyExcerpt: r.body_excerpt,
        sourceIp: r.source_ip,
      })
      .orIgnore()
      .execute();
  }
}
