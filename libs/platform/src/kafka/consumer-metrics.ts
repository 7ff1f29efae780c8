import { Gauge } from 'prom-client';
import { METRICS } from '../observability/catalogue';
import { counter, gauge, serviceRegistry } from '../observability/metrics';

// The metrics of the durable Kafka edge (their definitions are in the service's metric catalogue).

/** Records waiting per consumer group and topic (high watermark minus the next offset to read), as of the last batch. */
export const consumerLag = gauge(METRICS.kafkaConsumerLag);

export const deadLettersTotal = counter(METRICS.deadLetters);

/** Per group and topic: when offsets were last committed (the gauge answers the age at scrape time). */
export const lastCommits = new Map<string, { group: string; topic: string; at: number }>();

let commitAge: Gauge<'group' | 'topic'> | undefined;

/** Registers the commit-age gauge (once per process); it reads `lastCommits` at each scrape. */
export function registerCommitAge(): void {
  const registry = serviceRegistry();
  const def = METRICS.kafkaLastCommitAge;
  commitAge ??=
    (registry.getSingleMetric(def.name) as Gauge<'group' | 'topic'> | undefined) ??
    new Gauge({
      name: def.name,
      help: def.help,
      labelNames: ['group', 'topic'],
      registers: [registry],
      collect() {
        const now = Date.now();
        for (const { group, topic, at } of lastCommits.values()) this.set({ group, topic }, (now - at) / 1000);
      },
    });
}
