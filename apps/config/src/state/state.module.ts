import { Module } from '@nestjs/common';
import { StatePublisher } from './state-publisher';

@Module({ providers: [StatePublisher], exports: [StatePublisher] })
export class StateModule {}
