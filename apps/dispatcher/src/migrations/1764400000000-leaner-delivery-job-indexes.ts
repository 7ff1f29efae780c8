import type { MigrationInterface, QueryRunner } from 'typeorm';

// Every delivery inserts a job and updates it once or twice, so each index on delivery_jobs costs
// on every delivery. delivery_jobs_due_idx served no query (claims go through the per-endpoint
// index). The finished-job index moves from updated_at, which every update changes, to created_at:
// a lease update then changes no indexed column and can be a HOT update (fillfactor leaves it room
// on the page). created_at is also the right purge criterion: a job can only be replayed from
// Kafka for as long as its message is retained there, counted from the message, not the last update.
export class LeanerDeliveryJobIndexes1764400000000 implements MigrationInterface {
  name = 'LeanerDeliveryJobIndexes1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`drop index dispatcher.delivery_jobs_due_idx`);
    await runner.query(`drop index dispatcher.delivery_jobs_finished_idx`);
    await runner.query(`create index delivery_jobs_finished_idx on dispatcher.delivery_jobs (created_at) where status in ('succeeded', 'failed')`);
    await runner.query(`alter table dispatcher.delivery_jobs set (fillfactor = 85)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table dispatcher.delivery_jobs reset (fillfactor)`);
    await runner.query(`drop index dispatcher.delivery_jobs_finished_idx`);
    await runner.query(`create index delivery_jobs_finished_idx on dispatcher.delivery_jobs (updated_at) where status in ('succeeded', 'failed')`);
    await runner.query(`create index delivery_jobs_due_idx on dispatcher.delivery_jobs (next_attempt_at) where status in ('pending', 'retrying')`);
  }
}
