import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { TOPICS, topicName, type DeadLetter, type FieldError, type ManualDelivery, type WebhookMessage } from '@fastgen/contracts';
import { APP_ENV, EventTypesView, KAFKA, KafkaProducer, Readiness, deliveryTelemetry, restartAfterCrash } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { deliveryIdOf, manualJobIdOf } from '../delivery/delivery-id';
import { DeliveryStore, type NewJob } from '../delivery/delivery-store';
import { DeliveryWorker } from '../delivery/delivery-worker.service';

const READINESS = 'intake-consumer';

/** The body every endpoint receives: exactly these keys, in this order; signed and sent as these bytes. */
export function webhookBody(m: Pick<WebhookMessage, 'event' | 'id' | 'payload'>): string {
  return JSON.stringify({ event: m.event, id: m.id, payload: m.payload ?? null });
}

/**
 * Turns messages (events.messages.v1) and manual deliveries (dispatcher.manual-deliveries.v1) into
 * jobs of the durable schedule. A batch's offsets are committed only after its jobs are stored,
 * so a crash replays the batch, and the deterministic job ids make the replay add nothing.
 * No HTTP happens here: a slow endpoint cannot hold a partition.
 */
@Injectable()
export class IntakeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeConsumer.name);
  private readonly consumer: Consumer;
  private stopping = false;
  private readonly clientId: string;
  private viewCheckedAt = 0;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_ENV) env: DispatcherEnv,
    private readonly readiness: Readiness,
    private readonly endpoints: EndpointsView,
    private readonly eventTypes: EventTypesView,
    private readonly store: DeliveryStore,
    private readonly worker: DeliveryWorker,
    private readonly producer: KafkaProducer,
  ) {
    this.clientId = `dispatcher${env.KAFKA_CLIENT_ID_SUFFIX}`;
    // Its own group: the Nest microservice of main.ts owns "dispatcher" and would take partitions it never reads.
    this.consumer = kafka.consumer({
      groupId: `dispatcher-intake${env.KAFKA_CLIENT_ID_SUFFIX}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // Under load the broker answers a fetch once 16 KiB are there (or after 20 ms): one insert of
      // dozens of jobs instead of one per message, for at most 20 ms more latency when it is quiet.
      minBytes: 16 * 1024,
      maxWaitTimeInMs: 20,
    });
    this.readiness.waitFor(READINESS, 'joining the consumer group of events.messages.v1');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.readiness.done(READINESS));
    this.consumer.on(this.consumer.events.CRASH, (e) => this.logger.error(`consumer crashed (restarting: ${e.payload.restart}): ${e.payload.error.message}`));
    restartAfterCrash(this.consumer, () => this.startUntilRunning(), this.logger, () => this.stopping);
    void this.startUntilRunning();
  }

  // A broker that is down at boot must not leave the dispatcher running without its consumer.
  private async startUntilRunning(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.start();
        return;
      } catch (err) {
        this.logger.error(`intake consumer failed to start, retrying: ${(err as Error).message}`);
        await this.consumer.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async start(): Promise<void> {
    // Nothing is matched before every endpoint published so far is known.
    await Promise.all([this.endpoints.whenLoaded(), this.eventTypes.whenLoaded()]);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topicName(TOPICS.events.messages), topicName(TOPICS.dispatcher.manualDeliveries)], fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatchAutoResolve: false,
      autoCommit: true,
      eachBatch: (payload) => deliveryTelemetry.intake(payload.batch.topic, payload.batch.messages, () => this.handleBatch(payload)), // observability
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    await this.ensureViewCovers(batch.messages);
    const jobs: NewJob[] = [];
    const manual = batch.topic === topicName(TOPICS.dispatcher.manualDeliveries);
    for (const message of batch.messages) {
      const value = parse(message);
      const contract = manual ? TOPICS.dispatcher.manualDeliveries.contract : TOPICS.events.messages.contract;
      let errors = value.ok ? contract.errors(value.value) : value.errors;
      if (value.ok && errors.length === 0 && !manual) errors = this.payloadErrors(value.value as WebhookMessage);
      if (!value.ok || errors.length > 0) {
        await this.deadLetter(batch.topic, batch.partition, message, errors);
        continue;
      }
      if (manual) jobs.push(...(await this.manualJobs(value.value as ManualDelivery)));
      else jobs.push(...this.messageJobs(value.value as WebhookMessage));
    }
    await this.worker.addJobs(jobs);
    // Durable now: the offsets may go.
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary();
    await heartbeat();
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

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, errors: FieldError[]): Promise<void> {
    const record: DeadLetter = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: message.value?.toString('utf8') ?? null,
      errors,
      consumer: this.clientId,
      failed_at: new Date().toISOString(),
    };
    this.logger.warn(`dead-lettering ${topic}[${partition}]@${message.offset}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    await this.producer.send(TOPICS.events.deadLetter, [{ key: record.key ?? `${topic}-${message.offset}`, value: record }]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect().catch(() => undefined);
  }
}

function parse(message: KafkaMessage): { ok: true; value: unknown } | { ok: false; errors: FieldError[] } {
  if (message.value === null) return { ok: false, errors: [{ field: '', message: 'empty record (null value)' }] };
  try {
    return { ok: true, value: JSON.parse(message.value.toString('utf8')) };
  } catch {
    return { ok: false, errors: [{ field: '', message: 'is not valid JSON' }] };
  }
}
