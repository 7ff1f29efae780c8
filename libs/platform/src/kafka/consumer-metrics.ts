import { Counter, Gauge, register, type Registry } from 'prom-client';
import { metricsRegistry } from '../health/metrics.controller';

// Registered in prom-client's default registry and in the registry /metrics serves (the same
// object once both are one), so the metrics show wherever the service exposes them.
const registers: Registry[] = [...new Set<Registry>([register, metricsRegistry])];

function once<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Records waiting per consumer group and topic (high watermark minus the next offset to read), as of the last batch. */
export const consumerLag = once(
  'fastgen_kafka_consumer_lag',
  () => new Gauge({ name: 'fastgen_kafka_consumer_lag', help: 'Records not yet consumed, per consumer group and topic.', labelNames: ['group', 'topic'], registers }),
);

/** Per group and topic: when offsets were last committed (the gauge answers the age at scrape time). */
export const lastCommits = new Map<string, { group: string; topic: string; at: number }>();

once(
  'fastgen_kafka_consumer_last_commit_age_seconds',
  () =>
    new Gauge({
      name: 'fastgen_kafka_consumer_last_commit_age_seconds',
      help: 'Seconds since the consumer group last committed offsets of the topic (alert when high while lag > 0).',
      labelNames: ['group', 'topic'],
      registers,
      collect() {
        const now = Date.now();
        for (const { group, topic, at } of lastCommits.values()) this.set({ group, topic }, (now - at) / 1000);
      },
    }),
);

export const deadLettersTotal = once(
  'fastgen_dead_letters_total',
  () => new Counter({ name: 'fastgen_dead_letters_total', help: 'Records sent to the dead-letter topic, by source topic and reason.', labelNames: ['topic', 'reason'], registers }),
);
