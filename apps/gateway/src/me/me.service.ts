import { Injectable } from '@nestjs/common';
import { CONFIG_RPC } from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import type { ApiKeyOwner } from '../auth';
import type { Me } from './dto/me.dto';

@Injectable()
export class MeService {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * The key itself comes from the local view (the guard already found it); only the project's
   * display name needs config, which owns projects.
   */
  async describe(owner: ApiKeyOwner): Promise<Me> {
    const project = await this.rpc.send(CONFIG_RPC.getProject, { id: owner.project_id });
    return {
      project: { id: project.id, name: project.name },
      environment: owner.environment,
      key: { id: owner.api_key_id, prefix: owner.prefix },
    };
  }
}
