import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CONFIG_RPC, topicName, type RpcReply } from '@fastgen/contracts';
import { answerRpc } from '@fastgen/platform';

type PingReply = RpcReply<{ sent_at: string; answered_at: string; service: 'config' }>;

/** Answers the gateway's ping: proves request-reply works end to end. */
@Controller()
export class PingController {
  @MessagePattern(topicName(CONFIG_RPC.ping.pattern))
  ping(@Payload() envelope: unknown): Promise<PingReply> {
    return answerRpc(CONFIG_RPC.ping, envelope, async ({ sent_at }) => ({
      sent_at,
      answered_at: new Date().toISOString(),
      service: 'config' as const,
    }));
  }
}
