import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvModule, HealthModule, KafkaModule, kafkaSettings, dataSourceOptions, loggingModule } from '@fastgen/platform';
import type { ConfigEnv } from './config.env';
import { configDatabase } from './database';
import { PingController } from './system/ping.controller';
import { ProjectsModule } from './projects/projects.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { EventTypesModule } from './event-types/event-types.module';

@Module({})
export class AppModule {
  static forRoot(env: ConfigEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule('config', env.LOG_LEVEL),
        KafkaModule.forRoot(kafkaSettings(env, `config${env.KAFKA_CLIENT_ID_SUFFIX}`)),
        TypeOrmModule.forRoot(dataSourceOptions(configDatabase(env))),
        HealthModule,
        ProjectsModule,
        EndpointsModule,
        EventTypesModule,
      ],
      controllers: [PingController],
    };
  }
}
