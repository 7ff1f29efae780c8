import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CONFIG_RPC, topicName, type Endpoint, type EndpointSecret, type RpcReply } from '@fastgen/contracts';
import { StatePublisher } from '../state/state-publisher';
import { answerAfterSync } from '../common/rpc-answer';
import type { Paged } from '../common/page';
import { EndpointsService } from './endpoints.service';

const scopeOf = (r: { project_id: string; environment: 'development' | 'production' }) => ({ project_id: r.project_id, environment: r.environment });

@Controller()
export class EndpointsController {
  constructor(
    private readonly endpoints: EndpointsService,
    private readonly state: StatePublisher,
  ) {}

  @MessagePattern(topicName(CONFIG_RPC.createEndpoint.pattern))
  create(@Payload() envelope: unknown): Promise<RpcReply<Endpoint>> {
    return answerAfterSync(this.state, CONFIG_RPC.createEndpoint, envelope, (r) => this.endpoints.create(scopeOf(r), r.body));
  }

  @MessagePattern(topicName(CONFIG_RPC.listEndpoints.pattern))
  list(@Payload() envelope: unknown): Promise<RpcReply<Paged<Endpoint>>> {
    return answerAfterSync(this.state, CONFIG_RPC.listEndpoints, envelope, (r) => this.endpoints.list(scopeOf(r), r.query));
  }

  @MessagePattern(topicName(CONFIG_RPC.getEndpoint.pattern))
  get(@Payload() envelope: unknown): Promise<RpcReply<Endpoint>> {
    return answerAfterSync(this.state, CONFIG_RPC.getEndpoint, envelope, (r) => this.endpoints.get(scopeOf(r), r.id));
  }

  @MessagePattern(topicName(CONFIG_RPC.updateEndpoint.pattern))
  update(@Payload() envelope: unknown): Promise<RpcReply<Endpoint>> {
    return answerAfterSync(this.state, CONFIG_RPC.updateEndpoint, envelope, (r) => this.endpoints.update(scopeOf(r), r.id, r.body));
  }

  @MessagePattern(topicName(CONFIG_RPC.deleteEndpoint.pattern))
  delete(@Payload() envelope: unknown): Promise<RpcReply<{ id: string; deleted: true }>> {
    return answerAfterSync(this.state, CONFIG_RPC.deleteEndpoint, envelope, (r) => this.endpoints.delete(scopeOf(r), r.id));
  }

  @MessagePattern(topicName(CONFIG_RPC.getEndpointSecret.pattern))
  secret(@Payload() envelope: unknown): Promise<RpcReply<EndpointSecret>> {
    return answerAfterSync(this.state, CONFIG_RPC.getEndpointSecret, envelope, (r) => this.endpoints.secret(scopeOf(r), r.id));
  }

  @MessagePattern(topicName(CONFIG_RPC.rotateEndpointSecret.pattern))
  rotate(@Payload() envelope: unknown): Promise<RpcReply<EndpointSecret>> {
    return answerAfterSync(this.state, CONFIG_RPC.rotateEndpointSecret, envelope, (r) => this.endpoints.rotate(scopeOf(r), r.id));
  }
}
