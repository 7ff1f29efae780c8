import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import type { RpcSpec } from '@fastgen/contracts';
import { PRODUCER_DEFAULTS, kafkaConfig, type KafkaSettings } from '../kafka/kafka-client';
import { RPC_CLIENT_KAFKA, RPC_SPECS, RpcClient } from './rpc-client';

@Module({})
export class RpcModule {
  /** A request-reply client for the given patterns. */
  static forRoot(settings: KafkaSettings, specs: readonly RpcSpec[]): DynamicModule {
    return {
      module: RpcModule,
      // Global: every feature module's controllers can inject RpcClient.
      global: true,
      providers: [
        {
          provide: RPC_CLIENT_KAFKA,
          useFactory: () =>
            new ClientKafka({
              client: kafkaConfig(settings),
              // A group of its own per process: each replica gets every reply partition and
              // ignores replies whose correlation id it does not know.
              consumer: { groupId: `${settings.clientId}-rpc-${randomUUID().slice(0, 8)}`, sessionTimeout: 10_000 },
              producer: PRODUCER_DEFAULTS,
              postfixId: '',
            }),
        },
        { provide: RPC_SPECS, useValue: specs },
        RpcClient,
      ],
      exports: [RpcClient],
    };
  }
}
