import { Module } from '@nestjs/common';
import { StateModule } from '../state/state.module';
import { EndpointsController } from './endpoints.controller';
import { EndpointsService } from './endpoints.service';
import { DisableRequestsConsumer } from './disable-requests.consumer';

@Module({ imports: [StateModule], controllers: [EndpointsController], providers: [EndpointsService, DisableRequestsConsumer] })
export class EndpointsModule {}
