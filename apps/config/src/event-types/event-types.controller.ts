import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CONFIG_RPC, topicName, type EventType, type RpcReply } from '@fastgen/contracts';
import { StatePublisher } from '../state/state-publisher';
import { answerAfterSync } from '../common/rpc-answer';
import type { Paged } from '../common/page';
import { EventTypesService } from './event-types.service';

const scopeOf = (r: { project_id: string; environment: 'development' | 'production' }) => ({ project_id: r.project_id, environment: r.environment });

@Controller()
export class EventTypesController {
  constructor(
    private readonly eventTypes: EventTypesService,
    private readonly state: StatePublisher,
  ) {}

  @MessagePattern(topicName(CONFIG_RPC.createEventType.pattern))
  create(@Payload() envelope: unknown): Promise<RpcReply<EventType>> {
    return answerAfterSync(this.state, CONFIG_RPC.createEventType, envelope, (r) => this.eventTypes.create(scopeOf(r), r.body));
  }

  @MessagePattern(topicName(CONFIG_RPC.listEventTypes.pattern))
  list(@Payload() envelope: unknown): Promise<RpcReply<Paged<EventType>>> {
    return answerAfterSync(this.state, CONFIG_RPC.listEventTypes, envelope, (r) => this.eventTypes.list(scopeOf(r), r.query));
  }

  @MessagePattern(topicName(CONFIG_RPC.getEventType.pattern))
  get(@Payload() envelope: unknown): Promise<RpcReply<EventType>> {
    return answerAfterSync(this.state, CONFIG_RPC.getEventType, envelope, (r) => this.eventTypes.get(scopeOf(r), r.name));
  }

  @MessagePattern(topicName(CONFIG_RPC.updateEventType.pattern))
  update(@Payload() envelope: unknown): Promise<RpcReply<EventType>> {
    return answerAfterSync(this.state, CONFIG_RPC.updateEventType, envelope, (r) => this.eventTypes.update(scopeOf(r), r.name, r.body));
  }

  @MessagePattern(topicName(CONFIG_RPC.deleteEventType.pattern))
  delete(@Payload() envelope: unknown): Promise<RpcReply<{ id: string; deleted: true }>> {
    return answerAfterSync(this.state, CONFIG_RPC.deleteEventType, envelope, (r) => this.eventTypes.delete(scopeOf(r), r.name));
  }
}
