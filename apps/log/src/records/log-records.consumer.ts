import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { TSchema } from '@sinclair/typebox';
import { AttemptOutcome, IncomingRequest, TOPICS, WebhookMessage, topicName, type Contract, type FieldError } from '@fastgen/contracts';
import { APP_ENV, DeadLetters, KAFKA, Readiness, logWriteTelemetry, restartAfterCrash, withRecordSpans } from '@fastgen/platform';
import type { LogEnv } from '../log.env';
import { writeAttempts, writeIncomingRequests, writeMessages, type Sql } from './record-writer';

interface TopicHandler {
  contract: Contract<TSchema>;
  write: (sql: Sql, records: never[]) => Promise<void>;
}

const READY_KEY = 'log-records-consumer';
// Records per transaction: big enough to amortise the round trips, small enough to keep locks short.
const CHUNK = 500;

/**
 * Writes incoming requests, messages and attempt outcomes to Postgres in batches (kafkajs
 * eachBatch). Offsets are resolved and committed only once a chunk is committed in Postgres; if
 * Postgres is down the batch is retried in place (heartbeating, so the group keeps the
 * partition) and the records wait in Kafka. Invalid records go to the dead-letter topic.
 */
@Injectable()
export class LogRecordsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LogRecordsConsumer.name);
  private readonly consumer: Consumer;
  private readonly handlers: Map<string, TopicHandler>;
  private stopping = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_ENV) private readonly env: LogEnv,
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetters,
    private readonly readiness: Readiness,
  ) {
    this.consumer = kafka.consumer({
      groupId: `log-records${env.KAFKA_CLIENT_ID_SUFFIX}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxBytesPerPartition: 1024 * 1024,
      // Log records may wait a little: a fetch answers once 256 KiB are there (or after 200 ms), so
      // under load each transaction writes hundreds of records instead of a few.
      minBytes: 256 * 1024,
      maxWaitTimeInMs: 200,
      allowAutoTopicCreation: false,
    });
    this.handlers = new Map<string, TopicHandler>([
      [topicName(TOPICS.gateway.incomingRequests), { contract: IncomingRequest, write: writeIncomingRequests as TopicHandler['write'] }],
      [topicName(TOPICS.events.messages), { contract: WebhookMessage, write: writeMessages as TopicHandler['write'] }],
      [topicName(TOPICS.dispatcher.attempts), { contract: AttemptOutcome, write: writeAttempts as TopicHandler['write'] }],
    ]);
    readiness.waitFor(READY_KEY, 'log records consumer has not joined its group yet');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.readiness.done(READY_KEY));
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.readiness.lost(READY_KEY, `consumer crashed: ${e.payload.error.message}`);
    });
    restartAfterCrash(this.consumer, () => this.start(), this.logger, () => this.stopping);
    // Connect in the background so a broker that is slow at boot does not hold the HTTP server.
    void this.start();
  }

  private async start(): Promise<void> {
    for (;;) {
      try {
        await this.consumer.connect();
        await this.consumer.subscribe({ topics: [...this.handlers.keys()], fromBeginning: true });
        await this.consumer.run({
          autoCommit: true,
          // Commit whenever something is resolved: resolved means durable in Postgres.
          autoCommitThreshold: 1,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 3,
          eachBatch: (payload) => this.onBatch(payload),
        });
        return;
      } catch (err) {
        if (this.stopping) return;
        this.logger.warn(`log records consumer failed to start, retrying: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const handler = this.handlers.get(batch.topic);
    if (!handler) return;
    for (let i = 0; i < batch.messages.length; i += CHUNK) {
      const chunk = batch.messages.slice(i, i + CHUNK);
      const valid: unknown[] = [];
      const invalid: { message: KafkaMessage; errors: FieldError[] }[] = [];
      for (const message of chunk) {
        const [value, errors] = decode(handler.contract, message);
        if (errors.length > 0) invalid.push({ message, errors });
        else valid.push(value);
      }
      const keepGoing = () => isRunning() && !this.stopping;
      const written = await withRecordSpans('log write', batch.topic, chunk, () => this.writeUntilDone(batch.topic, handler, valid, heartbeat, keepGoing)); // observability
      // Stopping: throwing (not returning) makes kafkajs consume the unresolved records again.
      if (!written) throw new Error('log records consumer stopping before the batch was written');
      if (isStale()) return;
      for (const { message, errors } of invalid) {
        await this.deadLetters.park(contextOf(batch.topic, batch.partition, message), errors);
      }
      resolveOffset(chunk[chunk.length - 1]!.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** Retries the write with backoff while Postgres is unavailable; false if the consumer must let go. */
  private async writeUntilDone(topic: string, handler: TopicHandler, records: unknown[], heartbeat: () => Promise<void>, keepGoing: () => boolean): Promise<boolean> {
    let delay = 250;
    for (;;) {
      try {
        const write = () => this.dataSource.transaction((em) => handler.write((text, params) => em.query(text, params), records as never[]));
        await logWriteTelemetry.transaction(topic, records.length, write); // observability
        return true;
      } catch (err) {
        this.logger.warn(`writing ${records.length} log records failed, retrying in ${delay} ms: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.env.LOG_WRITE_RETRY_MAX_MS);
        if (!keepGoing()) return false;
        await heartbeat().catch(() => undefined);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect().catch((err) => this.logger.warn(`consumer disconnect: ${err}`));
  }
}

function decode(contract: Contract<TSchema>, message: KafkaMessage): [unknown, FieldError[]] {
  if (!message.value) return [null, [{ field: '', message: 'the record has no value' }]];
  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch {
    return [null, [{ field: '', message: 'the value is not JSON' }]];
  }
  return [value, contract.errors(value)];
}

// DeadLetters.park reads the record's coordinates through Nest's KafkaContext interface.
function contextOf(topic: string, partition: number, message: KafkaMessage): KafkaContext {
  return { getMessage: () => message, getTopic: () => topic, getPartition: () => partition } as unknown as KafkaContext;
}
