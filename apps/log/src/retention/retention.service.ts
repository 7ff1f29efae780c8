import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_ENV } from '@fastgen/platform';
import type { LogEnv } from '../log.env';
import { purgeBatch } from '../deliveries/log-queries';

// The rollups last: purging deliveries first brings their hourly counts to zero.
const TABLES = ['attempts', 'deliveries', 'messages', 'incoming_requests', 'dead_letters', 'delivery_stats_hourly', 'endpoint_delivery_stats_hourly', 'endpoint_attempts_hourly'] as const;

/**
 * Purges log records older than LOG_RETENTION_DAYS every LOG_RETENTION_INTERVAL_MS, in small
 * delete statements (each its own transaction) so no lock is held for long. Several replicas
 * may run it: an advisory lock lets one purge at a time.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_ENV) private readonly env: LogEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      this.running = this.purge().catch((err) => {
        this.logger.warn(`log purge failed; next try in ${this.env.LOG_RETENTION_INTERVAL_MS} ms: ${(err as Error).message}`);
        return 0;
      });
      await this.running;
      this.schedule();
    }, this.env.LOG_RETENTION_INTERVAL_MS);
  }

  /** Deletes everything past retention; returns the number of rows deleted. */
  async purge(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.env.LOG_RETENTION_DAYS * 24 * 3600 * 1000).toISOString();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let total = 0;
    try {
      const [{ locked }] = await runner.query(`select pg_try_advisory_lock(hashtext('fastgen-log-retention')) as locked`);
      if (!locked) return 0;
      try {
        for (const table of TABLES) {
          for (;;) {
            if (this.stopped) return total;
            const s = purgeBatch(table, cutoff, this.env.LOG_RETENTION_BATCH_SIZE);
            const [, count] = (await runner.query(s.text, s.values, true).then((r) => [r.records, r.affected])) as [unknown, number];
            total += count ?? 0;
            if (!count || count < this.env.LOG_RETENTION_BATCH_SIZE) break;
          }
        }
      } finally {
        await runner.query(`select pg_advisory_unlock(hashtext('fastgen-log-retention'))`);
      }
    } finally {
      await runner.release();
    }
    if (total > 0) this.logger.log(`purged ${total} log records older than ${cutoff}`);
    return total;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
