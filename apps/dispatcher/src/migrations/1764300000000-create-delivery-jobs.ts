import type { MigrationInterface, QueryRunner } from 'typeorm';

// The durable delivery schedule: one row per job (a delivery's scheduled attempts, or one manual
// attempt), polled with FOR UPDATE SKIP LOCKED; and per-endpoint health for auto-disabling.
export class CreateDeliveryJobs1764300000000 implements MigrationInterface {
  name = 'CreateDeliveryJobs1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table dispatcher.delivery_jobs (
        id uuid primary key,
        delivery_id uuid not null,
        trigger text not null check (trigger in ('scheduled', 'manual')),
        message_id uuid not null,
        endpoint_id uuid not null,
        project_id uuid not null,
        environment text not null,
        event text not null,
        body text not null,
        status text not null check (status in ('pending', 'retrying', 'succeeded', 'failed')),
        attempts integer not null default 0,
        attempt_base integer not null default 0,
        max_attempts integer not null,
        next_attempt_at timestamptz not null,
        lease_until timestamptz,
        last_response_status integer,
        last_error text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await runner.query(`create index delivery_jobs_due_idx on dispatcher.delivery_jobs (next_attempt_at) where status in ('pending', 'retrying')`);
    await runner.query(
      `create index delivery_jobs_endpoint_due_idx on dispatcher.delivery_jobs (endpoint_id, next_attempt_at) where status in ('pending', 'retrying')`,
    );
    await runner.query(`create index delivery_jobs_finished_idx on dispatcher.delivery_jobs (updated_at) where status in ('succeeded', 'failed')`);
    await runner.query(`create index delivery_jobs_delivery_idx on dispatcher.delivery_jobs (delivery_id)`);
    await runner.query(`
      create table dispatcher.endpoint_health (
        endpoint_id uuid primary key,
        failing_since timestamptz,
        last_success_at timestamptz,
        disable_requested_at timestamptz,
        updated_at timestamptz not null default now()
      )`);
    // Records to publish (attempt outcomes, disable requests), written in the same transaction as
    // the state they describe so that none is lost if the broker or the process is down.
    await runner.query(`
      create table dispatcher.outbox (
        id uuid primary key,
        topic text not null,
        key text not null,
        value jsonb not null,
        created_at timestamptz not null default now()
      )`);
    await runner.query(`create index outbox_created_idx on dispatcher.outbox (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table dispatcher.outbox`);
    await runner.query(`drop table dispatcher.endpoint_health`);
    await runner.query(`drop table dispatcher.delivery_jobs`);
  }
}
