import { Global, Module, type DynamicModule } from '@nestjs/common';
import { createKafka, type KafkaSettings } from './kafka-client';
import { KAFKA, KAFKA_CLIENT_ID } from './kafka.tokens';
import { KafkaProducer } from './producer';
import { DeadLetters } from './dead-letters';
import { DurableConsumers } from './durable-consumer';

@Global()
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA, useValue: createKafka(settings) },
        { provide: KAFKA_CLIENT_ID, useValue: settings.clientId },
        KafkaProducer,
        DeadLetters,
        DurableConsumers,
      ],
      exports: [KAFKA, KAFKA_CLIENT_ID, KafkaProducer, DeadLetters, DurableConsumers],
    };
  }
}
