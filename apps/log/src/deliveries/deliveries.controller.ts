import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LOG_RPC, topicName } from '@fastgen/contracts';
import { answerRpc } from '@fastgen/platform';
import { DeliveriesService } from './deliveries.service';

/** Request-reply handlers of the log queries (the gateway's /v1/logs and /v1/messages routes). */
@Controller()
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @MessagePattern(topicName(LOG_RPC.listDeliveries.pattern))
  listDeliveries(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.listDeliveries, envelope, (r) => this.deliveries.listDeliveries(r));
  }

  @MessagePattern(topicName(LOG_RPC.listIncoming.pattern))
  listIncoming(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.listIncoming, envelope, (r) => this.deliveries.listIncoming(r));
  }

  @MessagePattern(topicName(LOG_RPC.listDeadLetters.pattern))
  listDeadLetters(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.listDeadLetters, envelope, (r) => this.deliveries.listDeadLetters(r));
  }

  @MessagePattern(topicName(LOG_RPC.messageDetail.pattern))
  messageDetail(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.messageDetail, envelope, (r) => this.deliveries.messageDetail(r));
  }

  @MessagePattern(topicName(LOG_RPC.stats.pattern))
  stats(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.stats, envelope, (r) => this.deliveries.stats(r));
  }

  @MessagePattern(topicName(LOG_RPC.endpointHealth.pattern))
  endpointHealth(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.endpointHealth, envelope, (r) => this.deliveries.endpointHealth(r));
  }

  @MessagePattern(topicName(LOG_RPC.retryTarget.pattern))
  retryTarget(@Payload() envelope: unknown) {
    return answerRpc(LOG_RPC.retryTarget, envelope, (r) => this.deliveries.retryTarget(r));
  }
}
