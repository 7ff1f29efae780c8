import { Module } from '@nestjs/common';
import { EndpointHealthController } from './endpoint-health.controller';

@Module({ controllers: [EndpointHealthController] })
export class EndpointHealthModule {}
