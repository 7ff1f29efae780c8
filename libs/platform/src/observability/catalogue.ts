// Every product metric of the services, in one place: the definitions the code registers, and
// what the shipped Grafana dashboard and Prometheus alert rules are checked against
// (tools/ship/src/observability.spec.ts). Prometheus conventions: `fastgen_` prefix, base units
// (`_seconds`), counters end in `_total`. Labels stay low-cardinality: never an endpoint, message
// or project id.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition<L extends string = string> {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly buckets?: readonly number[];
  /** The service process that registers it (the docs' metric table). */
  readonly service: 'gateway' | 'dispatcher' | 'log' | 'every consumer';
}

/** One HTTP attempt: from a few ms (a local receiver) to the delivery timeout (30 s by default). */
export const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
/** Accepted → 2xx: sub-second when all goes well, hours when it took retries. */
export const DELIVERY_LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400] as const;
/** One batch transaction of the log writer. */
export const WRITE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

const define = <L extends string>(d: MetricDefinition<L>): MetricDefinition<L> => d;

export const METRICS = {
  gatewayEvents: define({
    name: 'fastgen_gateway_events_total',
    type: 'counter',
    help: 'POST /v1/events requests by outcome: accepted (202), rejected (4xx of the request), unauthorized, rate_limited, unavailable (503: not stored), error (other 5xx).',
    labelNames: ['outcome'],
    service: 'gateway',
  }),
  deliveryAttempts: define({
    name: 'fastgen_delivery_attempts_total',
    type: 'counter',
    help: 'Delivery attempts by outcome (success, http_error, timeout, network_error, refused) and response status class (2xx..5xx, none without a response).',
    labelNames: ['outcome', 'status_class'],
    service: 'dispatcher',
  }),
  attemptDuration: define({
    name: 'fastgen_delivery_attempt_duration_seconds',
    type: 'histogram',
    help: 'Duration of one delivery attempt (connect, request, response headers and the first 4 KiB of the body), by outcome.',
    labelNames: ['outcome'],
    buckets: ATTEMPT_BUCKETS,
    service: 'dispatcher',
  }),
  deliveryLatency: define({
    name: 'fastgen_delivery_latency_seconds',
    type: 'histogram',
    help: 'From the message being accepted to the 2xx of an endpoint, retries included (scheduled deliveries; manual ones are not counted).',
    labelNames: [],
    buckets: DELIVERY_LATENCY_BUCKETS,
    service: 'dispatcher',
  }),
  deliveriesFinished: define({
    name: 'fastgen_deliveries_finished_total',
    type: 'counter',
    help: 'Scheduled deliveries that reached a final state: succeeded, or failed (attempts exhausted, permanent failure or endpoint disabled).',
    labelNames: ['status'],
    service: 'dispatcher',
  }),
  endpointsDisabled: define({
    name: 'fastgen_endpoints_disabled_total',
    type: 'counter',
    help: 'Endpoints the dispatcher asked config to disable, by reason: failing (no success within ENDPOINT_DISABLE_AFTER) or gone (the endpoint answered 410).',
    labelNames: ['reason'],
    service: 'dispatcher',
  }),
  scheduleDueJobs: define({
    name: 'fastgen_schedule_due_jobs',
    type: 'gauge',
    help: 'Delivery jobs due now and not leased by any dispatcher (the whole schedule: every replica reports the same value).',
    labelNames: [],
    service: 'dispatcher',
  }),
  scheduleOldestDueAge: define({
    name: 'fastgen_schedule_oldest_due_job_age_seconds',
    type: 'gauge',
    help: 'How long the oldest due, unleased delivery job has been due (0 when none is).',
    labelNames: [],
    service: 'dispatcher',
  }),
  logWriteBatches: define({
    name: 'fastgen_log_write_batches_total',
    type: 'counter',
    help: 'Batches the log service committed to Postgres, by topic.',
    labelNames: ['topic'],
    service: 'log',
  }),
  logRecordsWritten: define({
    name: 'fastgen_log_records_written_total',
    type: 'counter',
    help: 'Records the log service committed to Postgres, by topic.',
    labelNames: ['topic'],
    service: 'log',
  }),
  logWriteFailures: define({
    name: 'fastgen_log_write_failures_total',
    type: 'counter',
    help: 'Failed batch writes of the log service (each is retried in place; the records wait in Kafka), by topic.',
    labelNames: ['topic'],
    service: 'log',
  }),
  logWriteDuration: define({
    name: 'fastgen_log_write_duration_seconds',
    type: 'histogram',
    help: 'Duration of one committed batch transaction of the log service, by topic.',
    labelNames: ['topic'],
    buckets: WRITE_BUCKETS,
    service: 'log',
  }),
  // Registered by the Kafka consumer edge of every consuming service (libs/platform/src/kafka).
  kafkaConsumerLag: define({
    name: 'fastgen_kafka_consumer_lag',
    type: 'gauge',
    help: 'Records not yet committed by the consumer group, summed over the partitions this process holds.',
    labelNames: ['group', 'topic'],
    service: 'every consumer',
  }),
  kafkaLastCommitAge: define({
    name: 'fastgen_kafka_consumer_last_commit_age_seconds',
    type: 'gauge',
    help: 'Seconds since the consumer group last committed an offset of the topic in this process.',
    labelNames: ['group', 'topic'],
    service: 'every consumer',
  }),
  deadLetters: define({
    name: 'fastgen_dead_letters_total',
    type: 'counter',
    help: 'Records parked on events.dead-letter.v1, by source topic and reason.',
    labelNames: ['topic', 'reason'],
    service: 'every consumer',
  }),
} as const;

export const ALL_METRICS: readonly MetricDefinition[] = Object.values(METRICS);
