import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvModule, HealthModule, KafkaModule, dataSourceOptions, loggingModule } from '@fastgen/platform';
import type { DispatcherEnv } from './dispatcher.env';
import { dispatcherDatabase } from './database';
import { DeliveryModule } from './delivery/delivery.module';

@Module({})
export class AppModule {
  static forRoot(env: DispatcherEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule('dispatcher', env.LOG_LEVEL),
        KafkaModule.forRoot({ brokers: env.KAFKA_BROKERS, clientId: `dispatcher${env.KAFKA_CLIENT_ID_SUFFIX}` }),
        TypeOrmModule.forRoot(dataSourceOptions(dispatcherDatabase(env))),
        HealthModule,
        DeliveryModule,
      ],
    };
  }
}
