import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scheduleBacklogCollector, type Backlog, type PeriodicCollector } from '@fastgen/platform';

// Due and not leased: what waits for a dispatcher to take it. One scan of the pending part of the
// schedule (partial index) every 10 s per replica, whatever the scrape rate.
const BACKLOG_SQL = `
  select count(*)::int as due, coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::float8 as oldest
  from dispatcher.delivery_jobs
  where status in ('pending', 'retrying') and next_attempt_at <= now() and (lease_until is null or lease_until < now())`;

/** The schedule's backlog gauges: fastgen_schedule_due_jobs and fastgen_schedule_oldest_due_job_age_seconds. */
@Injectable()
export class ScheduleBacklogMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly collector: PeriodicCollector;

  constructor(private readonly db: DataSource) {
    this.collector = scheduleBacklogCollector(() => this.read());
  }

  async read(): Promise<Backlog> {
    const [row] = (await this.db.query(BACKLOG_SQL)) as { due: number; oldest: number }[];
    return { due: row?.due ?? 0, oldestDueSeconds: Math.max(0, row?.oldest ?? 0) };
  }

  onApplicationBootstrap(): void {
    this.collector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.collector.stop();
  }
}
