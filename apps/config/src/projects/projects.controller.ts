import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CONFIG_RPC, topicName, type ApiKey, type ApiKeyCreated, type Project, type RpcReply } from '@fastgen/contracts';
import { StatePublisher } from '../state/state-publisher';
import { answerAfterSync } from '../common/rpc-answer';
import type { Paged } from '../common/page';
import { ProjectsService } from './projects.service';

/** Admin commands: projects and their API keys. */
@Controller()
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly state: StatePublisher,
  ) {}

  @MessagePattern(topicName(CONFIG_RPC.createProject.pattern))
  create(@Payload() envelope: unknown): Promise<RpcReply<Project>> {
    return answerAfterSync(this.state, CONFIG_RPC.createProject, envelope, (r) => this.projects.create(r.name));
  }

  @MessagePattern(topicName(CONFIG_RPC.listProjects.pattern))
  list(@Payload() envelope: unknown): Promise<RpcReply<Paged<Project>>> {
    return answerAfterSync(this.state, CONFIG_RPC.listProjects, envelope, (r) => this.projects.list(r));
  }

  @MessagePattern(topicName(CONFIG_RPC.getProject.pattern))
  get(@Payload() envelope: unknown): Promise<RpcReply<Project>> {
    return answerAfterSync(this.state, CONFIG_RPC.getProject, envelope, (r) => this.projects.get(r.id));
  }

  @MessagePattern(topicName(CONFIG_RPC.updateProject.pattern))
  update(@Payload() envelope: unknown): Promise<RpcReply<Project>> {
    return answerAfterSync(this.state, CONFIG_RPC.updateProject, envelope, (r) => this.projects.update(r.id, r.body));
  }

  @MessagePattern(topicName(CONFIG_RPC.createApiKey.pattern))
  createKey(@Payload() envelope: unknown): Promise<RpcReply<ApiKeyCreated>> {
    return answerAfterSync(this.state, CONFIG_RPC.createApiKey, envelope, (r) => this.projects.createKey(r.project_id, r.body.environment, r.body.name ?? ''));
  }

  @MessagePattern(topicName(CONFIG_RPC.listApiKeys.pattern))
  listKeys(@Payload() envelope: unknown): Promise<RpcReply<Paged<ApiKey>>> {
    return answerAfterSync(this.state, CONFIG_RPC.listApiKeys, envelope, (r) => this.projects.listKeys(r.project_id, r.query));
  }

  @MessagePattern(topicName(CONFIG_RPC.revokeApiKey.pattern))
  revokeKey(@Payload() envelope: unknown): Promise<RpcReply<ApiKey>> {
    return answerAfterSync(this.state, CONFIG_RPC.revokeApiKey, envelope, (r) => this.projects.revokeKey(r.project_id, r.key_id));
  }
}
