import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, type EndpointDisableRequest } from '@fastgen/contracts';
import { APP_ENV, DurableConsumers, type DurableConsumer } from '@fastgen/platform';
import type { ConfigEnv } from '../config.env';
import { StatePublisher } from '../state/state-publisher';
import { EndpointsService } from './endpoints.service';

/**
 * 410 Gone or failing too long: the dispatcher asks, config (the owner) disables and publishes.
 * Consumed through the platform's durable edge: committed once the endpoint is disabled and its
 * state published; an invalid request is dead-lettered.
 */
@Injectable()
export class DisableRequestsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: DurableConsumer;

  constructor(@Inject(APP_ENV) env: ConfigEnv, consumers: DurableConsumers, state: StatePublisher, endpoints: EndpointsService) {
    this.consumer = consumers.create(env.KAFKA_CLIENT_ID_SUFFIX, {
      group: 'config-disable-requests',
      topics: [
        {
          spec: TOPICS.dispatcher.endpointDisableRequests,
          write: async (records: { value: EndpointDisableRequest }[]) => {
            await state.synced;
            for (const r of records) await endpoints.disable(r.value);
          },
        },
      ],
      chunkSize: 50,
      partitionsConsumedConcurrently: 1,
    });
  }

  onApplicationBootstrap(): void {
    void this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
