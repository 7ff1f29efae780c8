import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, type Environment, type ProjectBacklog } from '@fastgen/contracts';
import { APP_ENV, KafkaProducer } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';

interface BacklogRow {
  project_id: string;
  environment: Environment;
  pending: number;
}

/**
 * Publishes how many deliveries wait per project environment (dispatcher.project-backlogs.v1), so
 * the gateway can refuse new events of a tenant over its backlog quota from a local view. Only
 * changes are published; a drained backlog is a tombstone. Every replica measures the same shared
 * schedule, so several publishing the same figures is harmless.
 */
@Injectable()
export class ProjectBacklogReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectBacklogReporter.name);
  private readonly published = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly producer: KafkaProducer,
    @Inject(APP_ENV) private readonly env: DispatcherEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.report()
        .catch((err) => this.logger.warn(`backlog report failed, next in ${this.env.BACKLOG_REPORT_INTERVAL_MS} ms: ${(err as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.env.BACKLOG_REPORT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Measures the schedule once and publishes what changed since the last report. */
  async report(now = new Date()): Promise<void> {
    const rows: BacklogRow[] = await this.db.query(
      `select project_id, environment, count(*)::int as pending
         from dispatcher.delivery_jobs where status in ('pending', 'retrying')
        group by project_id, environment`,
    );
    const measured_at = now.toISOString();
    const records: { key: string; value: ProjectBacklog | null }[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.project_id}/${row.environment}`;
      seen.add(key);
      if (this.published.get(key) === row.pending) continue;
      records.push({ key, value: { project_id: row.project_id, environment: row.environment, pending: row.pending, measured_at } });
    }
    for (const key of this.published.keys()) if (!seen.has(key)) records.push({ key, value: null });
    if (records.length === 0) return;
    await this.producer.send(TOPICS.dispatcher.projectBacklogs, records);
    for (const { key, value } of records) {
      if (value) this.published.set(key, value.pending);
      else this.published.delete(key);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
