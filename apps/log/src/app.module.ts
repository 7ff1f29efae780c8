import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvModule, HealthModule, KafkaModule, dataSourceOptions, loggingModule } from '@fastgen/platform';
import type { LogEnv } from './log.env';
import { logDatabase } from './database';
import { IncomingRequestRecord } from './incoming/incoming-request.entity';
import { IncomingRequestsConsumer } from './incoming/incoming-requests.consumer';

@Module({})
export class AppModule {
  static forRoot(env: LogEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule('log', env.LOG_LEVEL),
        KafkaModule.forRoot({ brokers: env.KAFKA_BROKERS, clientId: `log${env.KAFKA_CLIENT_ID_SUFFIX}` }),
        TypeOrmModule.forRoot(dataSourceOptions(logDatabase(env))),
        TypeOrmModule.forFeature([IncomingRequestRecord]),
        HealthModule,
      ],
      controllers: [IncomingRequestsConsumer],
    };
  }
}
