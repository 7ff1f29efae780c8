import { METRICS } from './catalogue';
import { gauge } from './metrics';
import { PeriodicCollector } from './periodic-gauges';

export interface Backlog {
  due: number;
  oldestDueSeconds: number;
}

/** Samples the delivery schedule's backlog every few seconds into its two gauges. */
export function scheduleBacklogCollector(read: () => Promise<Backlog>, intervalMs = 10_000): PeriodicCollector {
  const due = gauge(METRICS.scheduleDueJobs);
  const oldest = gauge(METRICS.scheduleOldestDueAge);
  return new PeriodicCollector(
    'schedule backlog',
    async () => {
      const backlog = await read();
      due().set(backlog.due);
      oldest().set(backlog.oldestDueSeconds);
    },
    intervalMs,
  );
}
