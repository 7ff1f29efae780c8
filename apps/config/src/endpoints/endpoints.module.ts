import { Module } from '@nestjs/common';
import { StateModule } from '../state/state.module';
import { EndpointsController } from './endpoints.controller';
import { EndpointsService } from './endpoints.service';

@Module({ imports: [StateModule], controllers: [EndpointsController], providers: [EndpointsService] })
export class EndpointsModule {}
