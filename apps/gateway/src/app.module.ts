import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ALL_RPC } from '@fastgen/contracts';
import { EnvModule, HealthModule, KafkaModule, kafkaSettings, RpcModule, dataSourceOptions, loggingModule } from '@fastgen/platform';
import type { GatewayEnv } from './gateway.env';
import { gatewayDatabase } from './database';
import { HttpErrorsFilter } from './http-errors.filter';
import { RouteTable } from './http/route-table';
import { IncomingRequestRecorder } from './incoming/incoming-request.recorder';
import { SystemController } from './system/system.controller';
import { AuthModule } from './auth';
import { AdminModule } from './admin/admin.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { EventTypesModule } from './event-types/event-types.module';
import { EventsModule } from './events/events.module';
import { MeModule } from './me/me.module';
import { StreamModule } from './stream/stream.module';
import { EndpointHealthModule } from './endpoint-health/endpoint-health.module';
import { LogsController } from './logs/logs.controller';
import { MessagesController } from './messages/messages.controller';
import { MessagesService } from './messages/messages.service';

@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    const kafka = kafkaSettings(env, `gateway${env.KAFKA_CLIENT_ID_SUFFIX}`);
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        loggingModule('gateway', env.LOG_LEVEL),
        KafkaModule.forRoot(kafka),
        RpcModule.forRoot(kafka, ALL_RPC),
        TypeOrmModule.forRoot(dataSourceOptions(gatewayDatabase(env))),
        HealthModule,
        AuthModule,
        AdminModule,
        EndpointsModule,
        EventTypesModule,
        EventsModule,
        MeModule,
        StreamModule,
        EndpointHealthModule,
      ],
      controllers: [SystemController, LogsController, MessagesController],
      providers: [IncomingRequestRecorder, MessagesService, RouteTable, { provide: APP_FILTER, useClass: HttpErrorsFilter }],
    };
  }
}
