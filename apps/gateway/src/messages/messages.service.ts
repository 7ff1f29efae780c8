import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { LOG_RPC, TOPICS, Timestamp, Uuid, type ManualDelivery, type MessageDetailView } from '@fastgen/contracts';
import { KafkaProducer, RpcClient } from '@fastgen/platform';
import type { CallerScope } from '../auth';

/** 202 of a manual retry: what was queued for the dispatcher. */
export const RetryAccepted = Type.Object(
  {
    request_id: Uuid('Id of this retry request.'),
    message_id: Uuid(),
    endpoint_ids: Type.Array(Uuid(), { description: 'The endpoints that get a manual attempt.' }),
    requested_at: Timestamp(),
  },
  { additionalProperties: false },
);
export type RetryAccepted = Static<typeof RetryAccepted>;

/** Message detail from the log service, and manual retries published for the dispatcher. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly producer: KafkaProducer,
  ) {}

  detail(caller: CallerScope, messageId: string): Promise<MessageDetailView> {
    return this.rpc.send(LOG_RPC.messageDetail, { project_id: caller.project_id, environment: caller.environment, message_id: messageId });
  }

  /** Deliver again now: every endpoint of the message, or the one endpoint of a delivery. */
  async retry(caller: CallerScope, target: { message_id: string } | { delivery_id: string }): Promise<RetryAccepted> {
    const found = await this.rpc.send(LOG_RPC.retryTarget, { project_id: caller.project_id, environment: caller.environment, ...target });
    const record: ManualDelivery = {
      request_id: randomUUID(),
      message_id: found.message_id,
      project_id: caller.project_id,
      environment: caller.environment,
      event: found.event,
      payload: found.payload,
      created_at: found.created_at,
      endpoint_ids: found.endpoint_ids,
      requested_at: new Date().toISOString(),
    };
    // Answered only once the broker has the request: a 202 is never lost.
    await this.producer.send(TOPICS.dispatcher.manualDeliveries, [{ key: record.message_id, value: record }]);
    return { request_id: record.request_id, message_id: record.message_id, endpoint_ids: record.endpoint_ids, requested_at: record.requested_at };
  }
}
