import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvModule, HealthModule, KafkaModule, kafkaSettings, dataSourceOptions, loggingModule } from '@fastgen/platform';
import type { LogEnv } from './log.env';
import { logDatabase } from './database';
import { RecordsModule } from './records/records.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { RetentionModule } from './retention/retention.module';

@Module({})
export class AppModule {
  static forRoot(env: LogEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule('log', env.LOG_LEVEL),
        KafkaModule.forRoot(kafkaSettings(env, `log${env.KAFKA_CLIENT_ID_SUFFIX}`)),
        TypeOrmModule.forRoot(dataSourceOptions(logDatabase(env))),
        HealthModule,
        // Incoming requests, messages and attempts: batch writes (kafkajs eachBatch).
        RecordsModule,
        // Log queries over request-reply (the Nest Kafka microservice of runService).
        DeliveriesModule,
        RetentionModule,
      ],
    };
  }
}
