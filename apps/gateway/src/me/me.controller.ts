import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth, CallerKey, type ApiKeyOwner } from '../auth';
import { openApi } from '../common/openapi';
import { Me } from './dto/me.dto';
import { MeService } from './me.service';

@ApiTags('me')
@ApiKeyAuth()
@Controller('v1/me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOperation({
    summary: 'The project and environment of the calling API key.',
    description: 'What a client shows after sign-in: the project name, the environment the key gives access to, and which key it is (its id and visible prefix, never the key).',
  })
  @ApiResponse({ status: 200, description: 'Who the key belongs to.', schema: openApi(Me) })
  get(@CallerKey() owner: ApiKeyOwner): Promise<Me> {
    return this.me.describe(owner);
  }
}
