import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, type AttemptOutcome, type DeadLetter, type IncomingRequest, type WebhookMessage } from '@fastgen/contracts';
import { APP_ENV, DurableConsumers, logWriteTelemetry, withRecordSpans, type ConsumedRecord, type DurableConsumer } from '@fastgen/platform';
import type { LogEnv } from '../log.env';
import { writeAttempts, writeDeadLetters, writeIncomingRequests, writeMessages, type Sql } from './record-writer';

/**
 * Writes incoming requests, messages, attempt outcomes and dead letters to Postgres through the
 * platform's durable edge: batches, offsets committed after the write, a record Postgres refuses
 * for good isolated and dead-lettered, transient failures retried while the records wait in Kafka.
 */
@Injectable()
export class LogRecordsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: DurableConsumer;

  constructor(
    @Inject(APP_ENV) env: LogEnv,
    private readonly dataSource: DataSource,
    consumers: DurableConsumers,
  ) {
    // One transaction per write, with its spans and metrics (observability).
    const traced = <T>(records: ConsumedRecord<T>[], write: () => Promise<void>) =>
      withRecordSpans('log write', records[0]!.topic, records, () => logWriteTelemetry.transaction(records[0]!.topic, records.length, write));
    const tx =
      <T>(write: (sql: Sql, records: T[]) => Promise<void>) =>
      (records: ConsumedRecord<T>[]) =>
        traced(records, () => this.dataSource.transaction((em) => write((text, params) => em.query(text, params), records.map((r) => r.value))));
    this.consumer = consumers.create(env.KAFKA_CLIENT_ID_SUFFIX, {
      group: 'log-records',
      topics: [
        { spec: TOPICS.gateway.incomingRequests, write: tx<IncomingRequest>(writeIncomingRequests) },
        { spec: TOPICS.events.messages, write: tx<WebhookMessage>(writeMessages) },
        { spec: TOPICS.dispatcher.attempts, write: tx<AttemptOutcome>(writeAttempts) },
        // Dead letters are written like any record; one the log refuses is not dead-lettered again
        // (it would loop): writeDeadLetters stores every value as JSON text, which Postgres always takes.
        {
          spec: TOPICS.events.deadLetter,
          write: (records: ConsumedRecord<DeadLetter>[]) =>
            traced(records, () => this.dataSource.transaction((em) => writeDeadLetters((text, params) => em.query(text, params), records))),
        },
      ],
      // Log records may wait a little: a fetch answers once 256 KiB are there (or after 200 ms), so
      // under load each transaction writes hundreds of records instead of a few.
      consumer: { maxBytesPerPartition: 1024 * 1024, minBytes: 256 * 1024, maxWaitTimeInMs: 200 },
      partitionsConsumedConcurrently: 3,
      retry: { maxMs: env.LOG_WRITE_RETRY_MAX_MS },
      stallAfterMs: env.LOG_STALL_AFTER_MS,
    });
  }

  onApplicationBootstrap(): void {
    void this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
