import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIncomingRequests1764200000000 implements MigrationInterface {
  name = 'CreateIncomingRequests1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table log.incoming_requests (
        id uuid primary key,
        project_id uuid,
        environment text,
        received_at timestamptz not null,
        method text not null,
        path text not null,
        status smallint not null,
        duration_ms real not null,
        message_id uuid,
        idempotency_key text,
        headers jsonb not null,
        body_excerpt text not null,
        source_ip text
      )`);
    await runner.query(
      `create index incoming_requests_scope_received_idx on log.incoming_requests (project_id, environment, received_at, id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table log.incoming_requests`);
  }
}
