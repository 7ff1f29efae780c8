import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Consumer, ConsumerConfig, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { jsonDepthErrors, topicName, type FieldError, type TopicSpec } from '@fastgen/contracts';
import { Readiness } from '../health/readiness';
import { retry, messageOf, type RetryPolicy } from '../retry/retry';
import { DeadLetters, type RejectedRecord } from './dead-letters';
import { writeIsolating } from './isolate';
import { permanentReasonOf } from './permanent-errors';
import { consumerLag, lastCommits, registerCommitAge } from './consumer-metrics';
import { KAFKA } from './kafka.tokens';
import { InOrderCommits } from './in-order-commits';
import { restartAfterCrash } from './restart-after-crash';

/** A record as a handler sees it: decoded, validated, with its coordinates and headers. */
export interface ConsumedRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: IHeaders;
  timestamp: string;
  value: T;
}

export interface DurableTopic<T = never> {
  spec: TopicSpec;
  /** Checks beyond the topic's contract; any error dead-letters the record as invalid. */
  check?: (value: T) => FieldError[];
  /**
   * Makes the records durable, all or nothing, idempotently (a batch may be written twice after
   * a crash, or in halves while a bad record is isolated). A permanent error (see
   * permanentReasonOf) isolates the bad records; any other error is retried.
   */
  write: (records: ConsumedRecord<T>[]) => Promise<void>;
}

export interface DurableConsumerOptions {
  /** The consumer group, without the deployment's KAFKA_CLIENT_ID_SUFFIX (added here). */
  group: string;
  topics: DurableTopic<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Records per write (one transaction): big enough to amortise round trips, small enough for short locks. */
  chunkSize?: number;
  partitionsConsumedConcurrently?: number;
  /** Fetch tuning (minBytes, maxWaitTimeInMs...). */
  consumer?: Partial<ConsumerConfig>;
  /** Awaited before the consumer joins (e.g. local views loaded). */
  beforeStart?: () => Promise<void>;
  /**
   * Awaited for each chunk once its records are decoded and meet the topic's contract, before the
   * topic's `check` runs and the chunk is written (e.g. a view the check reads catching up).
   */
  beforeBatch?: (records: ConsumedRecord<unknown>[]) => Promise<void>;
  /** Backoff of retried writes (transient errors). */
  retry?: Partial<RetryPolicy>;
  /** Unready once records have waited this long without a commit (a stalled consumer). */
  stallAfterMs?: number;
  /**
   * Chunks of a partition that may be held being written while fetching goes on (InOrderCommits).
   * 0, the default: each fetch waits until every chunk of the one before is written and committed,
   * so a record waits for the slowest partition's write of the fetch before it. Above 0, a record
   * is fetched while earlier chunks are still being written (of its own partition, up to this many;
   * of others, any), and offsets are still committed in order, each once everything before it is
   * durable. For a consumer whose latency matters more than its batch sizes.
   */
  writeBehind?: number;
}

export interface DurableConsumerSettings {
  kafka: Kafka;
  clientIdSuffix: string;
  deadLetters: DeadLetters;
  readiness: Readiness;
}

const STALL_CHECK_MS = 5_000;

/**
 * The one durable Kafka edge of the platform, used by every consumer that writes: it connects
 * and restarts (the broker away at boot or later), decodes and validates each record (not JSON,
 * nested too deep, refused by the contract or the handler's check: dead-lettered as invalid),
 * writes in chunks, resolves and commits offsets only once a chunk is durable, and isolates a
 * record that can never be written by splitting the chunk (dead-lettered with the database's
 * reason); the rest is written and the partition moves on. Transient failures are retried with
 * the one backoff helper, heartbeating so the group keeps the partition. Record headers reach
 * the handler. Lag and commit age are exported as metrics, and readiness goes down when records
 * wait without a commit for `stallAfterMs`.
 */
export class DurableConsumer {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly handlers = new Map<string, DurableTopic<unknown>>();
  readonly group: string;
  private readonly readyKey: string;
  private readonly stallKey: string;
  // topic -> partition -> records waiting; and since when some have been waiting.
  private readonly lag = new Map<string, Map<number, number>>();
  private readonly waitingSince = new Map<string, number>();
  private readonly highWatermarks = new Map<string, number>();
  private stallTimer?: NodeJS.Timeout;
  // Chunks written while the next fetch goes on, committed in order (options.writeBehind).
  private readonly writesBehind?: InOrderCommits;
  private stopping = false;
  private started?: Promise<void>;

  constructor(
    private readonly settings: DurableConsumerSettings,
    private readonly options: DurableConsumerOptions,
  ) {
    this.group = `${options.group}${settings.clientIdSuffix}`;
    this.logger = new Logger(`consumer:${options.group}`);
    this.readyKey = `consumer ${options.group}`;
    this.stallKey = `consumer ${options.group} progress`;
    for (const t of options.topics) this.handlers.set(topicName(t.spec), t as DurableTopic<unknown>);
    this.consumer = settings.kafka.consumer({
      groupId: this.group,
      // The broker's minimum: after a broker restart the group waits for the members of before
      // the outage to expire (a restarted consumer joins as a new member), so this bounds how
      // soon consumption resumes; heartbeats every second keep a live member well inside it.
      sessionTimeout: 6_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
      ...options.consumer,
    });
    settings.readiness.waitFor(this.readyKey, `has not joined its consumer group ${this.group} yet`);
    if ((options.writeBehind ?? 0) > 0) {
      this.writesBehind = new InOrderCommits({
        depth: options.writeBehind!,
        commit: (topic, partition, offset) => this.consumer.commitOffsets([{ topic, partition, offset }]),
        onCommitted: (topic, partition, last) => this.setLag(topic, partition, (this.highWatermarks.get(`${topic}\u0000${partition}`) ?? 0) - Number(last) - 1),
        onFailed: (topic, partition, from, error) => this.fetchAgain(topic, partition, from, error),
      });
    }
  }

  /** Starts consuming in the background (a broker away at boot holds nothing else up). */
  start(): Promise<void> {
    if (this.started) return this.started;
    const { readiness } = this.settings;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.lag.clear();
      // What was fetched but not committed is fetched again from the committed offsets.
      this.writesBehind?.reset();
      readiness.done(this.readyKey);
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => readiness.lost(this.readyKey, `consumer crashed: ${e.payload.error.message}`));
    this.consumer.on(this.consumer.events.COMMIT_OFFSETS, (e) => {
      const now = Date.now();
      for (const t of e.payload.topics) lastCommits.set(`${this.group}\u0000${t.topic}`, { group: this.group, topic: t.topic, at: now });
    });
    registerCommitAge();
    for (const topic of this.handlers.keys()) lastCommits.set(`${this.group}\u0000${topic}`, { group: this.group, topic, at: Date.now() });
    restartAfterCrash(this.consumer, () => this.run(), this.logger, () => this.stopping);
    this.stallTimer = setInterval(() => this.checkProgress(), STALL_CHECK_MS).unref();
    this.started = this.run();
    return this.started;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.stallTimer) clearInterval(this.stallTimer);
    // Writes in flight finish and commit, so a restart replays less.
    await this.writesBehind?.drain(5_000);
    await this.consumer.disconnect().catch((err) => this.logger.warn(`disconnect: ${messageOf(err)}`));
  }

  private run(): Promise<void> {
    return retry(
      async () => {
        await this.options.beforeStart?.();
        await this.consumer.connect();
        await this.consumer.subscribe({ topics: [...this.handlers.keys()], fromBeginning: true });
        await this.consumer.run({
          // Written behind the fetch, offsets are committed by writesBehind, in order, and only so.
          autoCommit: !this.writesBehind,
          // Commit whenever something is resolved: resolved means durable.
          autoCommitThreshold: 1,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
          eachBatch: (payload) => this.onBatch(payload),
        });
      },
      {
        what: `starting consumer ${this.group}`,
        initialMs: 250,
        maxMs: 2_000,
        logger: this.logger,
        keepGoing: () => !this.stopping,
        onRetry: () => this.consumer.disconnect().catch(() => undefined),
      },
    ).catch((err) => {
      if (!this.stopping) this.logger.error(`consumer ${this.group} gave up starting: ${messageOf(err)}`);
    });
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const handler = this.handlers.get(batch.topic);
    if (!handler || batch.messages.length === 0 || !isRunning() || isStale()) return;
    const high = Number(batch.highWatermark);
    this.highWatermarks.set(`${batch.topic}\u0000${batch.partition}`, high);
    this.setLag(batch.topic, batch.partition, high - Number(batch.firstOffset()));
    const keepGoing = () => isRunning() && !isStale() && !this.stopping;
    const chunkSize = this.options.chunkSize ?? 500;
    for (let i = 0; i < batch.messages.length; i += chunkSize) {
      const chunk = batch.messages.slice(i, i + chunkSize);
      const last = chunk[chunk.length - 1]!.offset;
      const store = () => this.store(handler, batch.topic, batch.partition, chunk, keepGoing, heartbeat);
      if (this.writesBehind) {
        // Written while the next fetch goes on; committed in order by writesBehind. The offset is
        // resolved now only to move the fetch position: nothing commits resolved offsets here.
        if (!keepGoing()) return;
        await this.writesBehind.add(batch.topic, batch.partition, chunk[0]!.offset, last, store);
        if (!keepGoing()) return;
        resolveOffset(last);
        await heartbeat();
        continue;
      }
      await store();
      if (!keepGoing()) throw new Error(`consumer ${this.group} stopping before the batch was committed`); // kafkajs consumes the rest again
      resolveOffset(last);
      await commitOffsetsIfNecessary();
      this.setLag(batch.topic, batch.partition, high - Number(last) - 1);
      await heartbeat();
    }
  }

  /**
   * Makes one chunk durable: decoded, checked, written (a record that can never be written
   * isolated), and what was refused dead-lettered. Resolves only once all of it is stored;
   * transient failures are retried while `keepGoing`.
   */
  private async store(
    handler: DurableTopic<unknown>,
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    keepGoing: () => boolean,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const rejected: RejectedRecord[] = [];
    const decodedRecords: ConsumedRecord<unknown>[] = [];
    for (const message of chunk) {
      const decoded = decode(handler, message);
      if (decoded.errors.length > 0) {
        rejected.push({ topic, partition, message, reason: 'invalid', errors: decoded.errors, value: decoded.value });
        continue;
      }
      decodedRecords.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        headers: message.headers ?? {},
        timestamp: message.timestamp,
        value: decoded.value,
      });
    }
    if (decodedRecords.length > 0) await this.options.beforeBatch?.(decodedRecords);
    const valid: ConsumedRecord<unknown>[] = [];
    for (const record of decodedRecords) {
      const errors = handler.check?.(record.value as never) ?? [];
      if (errors.length === 0) valid.push(record);
      else rejected.push({ topic, partition, message: chunk.find((m) => m.offset === record.offset)!, reason: 'invalid', errors, value: record.value });
    }
    const durably = <T>(what: string, fn: () => Promise<T>) =>
      retry(fn, {
        what,
        ...this.options.retry,
        logger: this.logger,
        keepGoing,
        // A permanent error goes back to writeIsolating, which splits the chunk around it.
        isRetryable: (err) => permanentReasonOf(err) === null,
        onRetry: () => heartbeat().catch(() => undefined),
      });
    const refused = await writeIsolating(valid, (records) => durably(`writing ${records.length} records of ${topic}`, () => handler.write(records)));
    for (const r of refused) {
      const message = chunk.find((m) => m.offset === r.record.offset)!;
      rejected.push({ topic, partition, message, reason: r.reason, errors: [{ field: '', message: messageOf(r.error) }], value: r.record.value });
    }
    // Parked before the offsets move past them.
    await durably(`dead-lettering ${rejected.length} records of ${topic}`, () => this.settings.deadLetters.send(rejected));
  }

  // A chunk written behind the fetch failed (the consumer stopping, or an unexpected error): nothing
  // from its partition's oldest uncommitted chunk on is committed, and it is fetched again.
  private fetchAgain(topic: string, partition: number, from: string, error: unknown): void {
    this.writesBehind?.forget(topic, partition);
    if (this.stopping) return;
    this.logger.warn(`writing records of ${topic}[${partition}] failed, fetching them again from offset ${from}: ${messageOf(error)}`);
    try {
      this.consumer.seek({ topic, partition, offset: from });
    } catch (err) {
      // Not running (a restart or rebalance under way): it resumes from the committed offset anyway.
      this.logger.warn(`could not fetch ${topic}[${partition}] again: ${messageOf(err)}`);
    }
  }

  private setLag(topic: string, partition: number, waiting: number): void {
    const partitions = this.lag.get(topic) ?? new Map<number, number>();
    partitions.set(partition, Math.max(0, waiting));
    this.lag.set(topic, partitions);
    let total = 0;
    for (const n of partitions.values()) total += n;
    consumerLag().set({ group: this.group, topic }, total);
    if (total === 0) this.waitingSince.delete(topic);
    else if (!this.waitingSince.has(topic)) this.waitingSince.set(topic, Date.now());
  }

  // Stalled: records have waited longer than allowed and nothing was committed meanwhile.
  private checkProgress(): void {
    const allowed = this.options.stallAfterMs ?? 60_000;
    const now = Date.now();
    const stalled: string[] = [];
    for (const [topic, since] of this.waitingSince) {
      const committed = lastCommits.get(`${this.group}\u0000${topic}`)?.at ?? 0;
      const waited = now - Math.max(since, committed);
      if (waited > allowed) stalled.push(`${topic}: no commit for ${Math.round(waited / 1000)} s with records waiting`);
    }
    if (stalled.length > 0) this.settings.readiness.lost(this.stallKey, stalled.join('; '));
    else this.settings.readiness.done(this.stallKey);
  }
}

function decode(handler: DurableTopic<unknown>, message: KafkaMessage): { value: unknown; errors: FieldError[] } {
  if (!message.value) return { value: undefined, errors: [{ field: '', message: 'the record has no value' }] };
  const text = message.value.toString('utf8');
  const tooDeep = jsonDepthErrors(text);
  if (tooDeep.length > 0) return { value: undefined, errors: tooDeep };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { value: undefined, errors: [{ field: '', message: 'the value is not JSON' }] };
  }
  return { value, errors: handler.spec.contract.errors(value) };
}

/** Creates the service's durable consumers (Nest provider of KafkaModule). */
@Injectable()
export class DurableConsumers {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly deadLetters: DeadLetters,
    private readonly readiness: Readiness,
  ) {}

  create(clientIdSuffix: string, options: DurableConsumerOptions): DurableConsumer {
    return new DurableConsumer({ kafka: this.kafka, clientIdSuffix, deadLetters: this.deadLetters, readiness: this.readiness }, options);
  }
}
