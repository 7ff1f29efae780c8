import { Module } from '@nestjs/common';
import { MessagePublisher } from '../events/message-publisher';
import { ListenController } from './listen.controller';
import { StreamController } from './stream.controller';
import { StreamHub } from './stream-hub.service';

/** GET /v1/stream (live messages and attempts, Server-Sent Events) and what `fastgen listen` reports back. */
@Module({
  controllers: [StreamController, ListenController],
  providers: [StreamHub, MessagePublisher],
})
export class StreamModule {}
