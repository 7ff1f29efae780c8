import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvModule, HealthModule, KafkaModule, kafkaSettings, dataSourceOptions, loggingModule } from '@fastgen/platform';
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
        KafkaModule.forRoot(kafkaSettings(env, `dispatcher${env.KAFKA_CLIENT_ID_SUFFIX}`)),
        TypeOrmModule.forRoot(dataSourceOptions(dispatcherDatabase(env))),
        HealthModule,
        DeliveryModule,
      ],
    };
  }
}
