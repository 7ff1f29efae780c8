import type { MigrationInterface, QueryRunner } from 'typeorm';

// Idempotency-Key → the message id it produced (24 h), so a retried POST /v1/events delivers once.
export class CreateIdempotencyKeys1764300000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table gateway.idempotency_keys (
        project_id uuid not null,
        environment text not null,
        key text not null,
        message_id uuid not null,
        request_hash text not null,
        published_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (project_id, environment, key)
      )`);
    await runner.query(`create index idempotency_keys_created_idx on gateway.idempotency_keys (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table gateway.idempotency_keys`);
  }
}
