import { Module } from '@nestjs/common';
import { StateModule } from '../state/state.module';
import { EventTypesController } from './event-types.controller';
import { EventTypesService } from './event-types.service';

@Module({ imports: [StateModule], controllers: [EventTypesController], providers: [EventTypesService] })
export class EventTypesModule {}
