import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { TOPICS, type FieldError, type ManualDelivery, type WebhookMessage } from '@fastgen/contracts';
import { APP_ENV, DurableConsumers, EventTypesView, deliveryTelemetry, type ConsumedRecord, type DurableConsumer } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { deliveryIdOf, manualJobIdOf } from '../delivery/delivery-id';
import { DeliveryStore, type NewJob } from '../delivery/delivery-store';
import { DeliveryWorker } from '../delivery/delivery-worker.service';

/** The body every endpoint receives: exactly these keys, in this order; signed and sent as these bytes. */
export function webhookBody(m: Pick<WebhookMessage, 'event' | 'id' | 'payload'>): string {
  return JSON.stringify({ event: m.event, id: m.id, payload: m.payload ?? null });
}

/**
 * Turns messages (events.messages.v1) and manual deliveries (dispatcher.manual-deliveries.v1) into
 * jobs of the durable schedule, through the platform's durable edge: offsets are committed only
 * after the jobs are stored, so a crash replays the batch, and the deterministic job ids make the
 * replay add nothing; an invalid record (or a payload its event type's schema refuses) is
 * dead-lettered. No HTTP happens here: a slow endpoint cannot hold a partition.
 */
@Injectable()
export class IntakeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeConsumer.name);
  private readonly consumer: DurableConsumer;
  private viewCheckedAt = 0;

  constructor(
    @Inject(APP_ENV) env: DispatcherEnv,
    consumers: DurableConsumers,
    private readonly endpoints: EndpointsView,
    private readonly eventTypes: EventTypesView,
    private readonly store: DeliveryStore,
    private readonly worker: DeliveryWorker,
  ) {
    // Its own group: the Nest microservice of main.ts owns "dispatcher" and would take partitions it never reads.
    this.consumer = consumers.create(env.KAFKA_CLIENT_ID_SUFFIX, {
      group: 'dispatcher-intake',
      topics: [
        {
          spec: TOPICS.events.messages,
          check: (m: WebhookMessage) => this.payloadErrors(m),
          write: (records: ConsumedRecord<WebhookMessage>[]) =>
            deliveryTelemetry.intake(records[0]!.topic, records, async () => void (await this.worker.addJobs(records.flatMap((r) => this.messageJobs(r.value))))), // observability
        },
        {
          spec: TOPICS.dispatcher.manualDeliveries,
          write: async (records: ConsumedRecord<ManualDelivery>[]) => {
            const jobs: NewJob[] = [];
            for (const r of records) jobs.push(...(await this.manualJobs(r.value)));
            await this.worker.addJobs(jobs);
          },
        },
      ],
      // Nothing is matched before every endpoint published so far is known.
      beforeStart: async () => void (await Promise.all([this.endpoints.whenLoaded(), this.eventTypes.whenLoaded()])),
      beforeBatch: (messages) => this.ensureViewCovers(messages),
      // Under load the broker answers a fetch once 16 KiB are there (or after 20 ms): one insert of
      // dozens of jobs instead of one per message, for at most 20 ms more latency when it is quiet.
      consumer: { minBytes: 16 * 1024, maxWaitTimeInMs: 20 },
      partitionsConsumedConcurrently: 6,
      retry: { maxMs: 2_000 },
    });
  }

  onApplicationBootstrap(): void {
    void this.consumer.start();
  }

  // Published straight to the topic (internal teams, workflow runners): checked against the event
  // type's schema exactly as the API checks its requests. The API's own messages were checked before
  // their 202, and a schema edited since must not undo an accepted message.
  private payloadErrors(m: WebhookMessage): FieldError[] {
    if (m.source !== 'kafka' && m.source !== 'workflow') return [];
    return this.eventTypes.payloadErrors(m, m.event, m.payload);
  }

  private messageJobs(m: WebhookMessage): NewJob[] {
    const body = webhookBody(m);
    return this.endpoints.matching(m).map((e) => ({
      id: deliveryIdOf(m.id, e.id),
      delivery_id: deliveryIdOf(m.id, e.id),
      trigger: 'scheduled' as const,
      message_id: m.id,
      endpoint_id: e.id,
      project_id: m.project_id,
      environment: m.environment,
      event: m.event,
      body,
      max_attempts: this.worker.maxAttempts,
    }));
  }

  private async manualJobs(r: ManualDelivery): Promise<NewJob[]> {
    const body = webhookBody({ event: r.event, id: r.message_id, payload: r.payload });
    const jobs: NewJob[] = [];
    for (const endpointId of r.endpoint_ids) {
      const e = this.endpoints.get(endpointId);
      if (!e || e.project_id !== r.project_id || e.environment !== r.environment) {
        this.logger.warn(`manual delivery ${r.request_id}: endpoint ${endpointId} unknown in ${r.project_id}/${r.environment}; skipped`);
        continue;
      }
      const deliveryId = deliveryIdOf(r.message_id, endpointId);
      jobs.push({
        id: manualJobIdOf(r.request_id, endpointId),
        delivery_id: deliveryId,
        trigger: 'manual',
        message_id: r.message_id,
        endpoint_id: endpointId,
        project_id: r.project_id,
        environment: r.environment,
        event: r.event,
        body,
        max_attempts: 1,
        attempts_before: await this.store.attemptsOf(deliveryId),
      });
    }
    return jobs;
  }

  // Read-your-writes: an endpoint created before these messages were published must be matched.
  private async ensureViewCovers(messages: KafkaMessage[]): Promise<void> {
    const newest = Math.max(...messages.map((m) => Number(m.timestamp)));
    if (newest < this.viewCheckedAt) return;
    const checkedAt = Date.now();
    const caughtUp = await Promise.all([this.endpoints.catchUp(5_000), this.eventTypes.catchUp(5_000)]).catch(() => [false]);
    const ok = caughtUp.every(Boolean);
    if (ok) this.viewCheckedAt = Math.max(this.viewCheckedAt, checkedAt);
    else this.logger.warn('endpoints or event types view did not catch up within 5 s; working with what they hold');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
