import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, topicName, type FieldError, type ManualDelivery, type WebhookMessage } from '@fastgen/contracts';
import { APP_ENV, DurableConsumers, EventTypesView, deliveryTelemetry, type ConsumedRecord, type DurableConsumer } from '@fastgen/platform';
import { webhookBody } from '@fastgen/signing';
import type { DispatcherEnv } from '../dispatcher.env';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { deliveryIdOf, manualJobIdOf } from '../delivery/delivery-id';
import { DeliveryStore, type NewJob } from '../delivery/delivery-store';
import { DeliveryWorker } from '../delivery/delivery-worker.service';

const messagesTopic = topicName(TOPICS.events.messages);

/** Kafka timestamp (ms) of the newest record. */
function newestOf(records: ConsumedRecord<unknown>[]): number {
  let newest = 0;
  for (const r of records) newest = Math.max(newest, Number(r.timestamp));
  return newest;
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
  private checking?: { startedAt: number; done: Promise<void> };

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
          write: (records: ConsumedRecord<WebhookMessage>[]) => deliveryTelemetry.intake(records[0]!.topic, records, () => this.storeMessageJobs(records)), // observability
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
      // Messages checked against their event type's schema here must see every schema published
      // before them. The API's messages were checked before their 202: they wait for nothing.
      beforeBatch: async (records) => {
        if (records.some((r) => r.topic !== messagesTopic || this.needsSchemaCheck(r.value as WebhookMessage))) await this.ensureViewCovers(newestOf(records));
      },
      // The broker answers a fetch as soon as one record is there: a message never waits for others
      // to fill a batch (a 16 KiB / 20 ms fetch cost 10–20 ms of end-to-end latency at 500/s).
      // Batches still grow with load, by themselves: what arrives while one batch is stored comes
      // in the next fetch.
      consumer: { minBytes: 1, maxWaitTimeInMs: 100 },
      partitionsConsumedConcurrently: 6,
      // The next fetch does not wait for this one's inserts (up to 32 chunks of a partition held):
      // kafkajs fetches every partition of a broker together, so a message waited for the slowest
      // partition's insert of the fetch before it — under a flood, another tenant's (B's records
      // waited 41 ms p50 and 286 ms p99 from the producer to the intake; 29–33 / 108–134 ms written behind).
      writeBehind: 32,
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
    if (!this.needsSchemaCheck(m)) return [];
    return this.eventTypes.payloadErrors(m, m.event, m.payload);
  }

  private needsSchemaCheck(m: WebhookMessage): boolean {
    return m.source === 'kafka' || m.source === 'workflow';
  }

  /**
   * Read-your-writes without waiting for it: the jobs of the endpoints already known are stored
   * (and the ones leased at intake sent) while the endpoints view makes sure it holds everything
   * published before these messages; an endpoint it learns of only then gets its jobs before the
   * offsets are committed. The check (two broker round trips) is off the path to the first
   * attempt: it cost 12 ms of end-to-end p50 at 500 events/s.
   */
  private async storeMessageJobs(records: ConsumedRecord<WebhookMessage>[]): Promise<void> {
    const covered = this.ensureViewCovers(newestOf(records));
    const viewBefore = this.endpoints.changes;
    const jobs = records.flatMap((r) => this.messageJobs(r.value));
    await this.worker.addJobs(jobs);
    await covered;
    if (this.endpoints.changes === viewBefore) return; // nothing new to match
    const stored = new Set(jobs.map((j) => j.id));
    const late = records.flatMap((r) => this.messageJobs(r.value)).filter((j) => !stored.has(j.id));
    if (late.length > 0) await this.worker.addJobs(late);
  }

  private messageJobs(m: WebhookMessage): NewJob[] {
    const body = webhookBody(m);
    return this.endpoints.matching(m).map((e) => {
      // A scheduled job's id is its delivery's (one job per delivery): one name-based uuid, one hash.
      const id = deliveryIdOf(m.id, e.id);
      return {
        id,
        delivery_id: id,
        trigger: 'scheduled' as const,
        message_id: m.id,
        endpoint_id: e.id,
        project_id: m.project_id,
        environment: m.environment,
        event: m.event,
        body,
        max_attempts: this.worker.maxAttempts,
      };
    });
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

  // Read-your-writes: an endpoint created (or a schema published) before these messages must be
  // matched. One check at a time serves every partition: a check started after the newest message
  // covers it.
  private ensureViewCovers(newest: number): Promise<void> {
    if (newest < this.viewCheckedAt) return Promise.resolve();
    if (this.checking && this.checking.startedAt > newest) return this.checking.done;
    const startedAt = Date.now();
    const done = (async () => {
      const caughtUp = await Promise.all([this.endpoints.catchUp(5_000), this.eventTypes.catchUp(5_000)]).catch(() => [false]);
      if (caughtUp.every(Boolean)) this.viewCheckedAt = Math.max(this.viewCheckedAt, startedAt);
      else this.logger.warn('endpoints or event types view did not catch up within 5 s; working with what they hold');
    })();
    this.checking = { startedAt, done };
    void done.finally(() => {
      if (this.checking?.done === done) this.checking = undefined;
    });
    return done;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
