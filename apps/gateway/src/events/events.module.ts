import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { EndpointTestsController } from '../endpoint-tests/endpoint-tests.controller';
import { GatewayEndpointsView } from '../endpoints-view/endpoints-view.service';
import { EventTypesView } from '@fastgen/platform';
import { WorkflowsController } from '../workflows/workflows.controller';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { MessagePublisher } from './message-publisher';
import { Admission } from '../admission/admission';

@Module({
  imports: [AuthModule],
  controllers: [EventsController, WorkflowsController, EndpointTestsController],
  providers: [EventsService, MessagePublisher, EventTypesView, GatewayEndpointsView, Admission],
})
export class EventsModule {}
