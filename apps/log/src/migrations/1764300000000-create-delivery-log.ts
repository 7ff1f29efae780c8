import type { MigrationInterface, QueryRunner } from 'typeorm';

// Messages, deliveries (message x endpoint, latest state) and attempts, with one index per
// delivery-log filter, each scoped by project + environment and ending in (created_at, id) so
// that a filtered page is a keyset range scan. The unscoped time indexes serve retention.
export class CreateDeliveryLog1764300000000 implements MigrationInterface {
  name = 'CreateDeliveryLog1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table log.messages (
        id uuid primary key,
        project_id uuid not null,
        environment text not null,
        event text not null,
        payload jsonb,
        created_at timestamptz not null,
        source text not null,
        endpoint_id uuid,
        recorded_at timestamptz not null default now()
      )`);
    await runner.query(`create index messages_created_idx on log.messages (created_at)`);

    await runner.query(`
      create table log.deliveries (
        id uuid primary key,
        project_id uuid not null,
        environment text not null,
        message_id uuid not null,
        endpoint_id uuid not null,
        event text not null,
        status text not null,
        attempts integer not null,
        last_attempt_number integer not null,
        last_attempt_at timestamptz not null,
        next_attempt_at timestamptz,
        last_response_status smallint,
        created_at timestamptz not null,
        updated_at timestamptz not null default now()
      )`);
    // The base index includes status so the dashboard chart is an index-only scan.
    await runner.query(`create index deliveries_scope_created_idx on log.deliveries (project_id, environment, created_at, id) include (status)`);
    await runner.query(`create index deliveries_scope_status_idx on log.deliveries (project_id, environment, status, created_at, id)`);
    await runner.query(`create index deliveries_scope_event_idx on log.deliveries (project_id, environment, event, created_at, id)`);
    await runner.query(`create index deliveries_scope_endpoint_idx on log.deliveries (project_id, environment, endpoint_id, created_at, id)`);
    await runner.query(`create index deliveries_scope_message_idx on log.deliveries (project_id, environment, message_id, created_at, id)`);
    await runner.query(
      `create index deliveries_scope_response_status_idx on log.deliveries (project_id, environment, last_response_status, created_at, id)`,
    );
    await runner.query(`create index deliveries_created_idx on log.deliveries (created_at)`);

    await runner.query(`
      create table log.attempts (
        id uuid primary key,
        delivery_id uuid not null,
        message_id uuid not null,
        endpoint_id uuid not null,
        project_id uuid not null,
        environment text not null,
        event text not null,
        attempt_number integer not null,
        trigger text not null,
        started_at timestamptz not null,
        duration_ms real not null,
        url text not null,
        request_headers jsonb not null,
        response_status smallint,
        response_headers jsonb not null,
        response_body text not null,
        error text,
        succeeded boolean not null,
        delivery_status text not null,
        next_attempt_at timestamptz
      )`);
    await runner.query(`create index attempts_delivery_idx on log.attempts (delivery_id, started_at, id)`);
    await runner.query(`create index attempts_message_idx on log.attempts (message_id)`);
    await runner.query(`create index attempts_started_idx on log.attempts (started_at)`);

    await runner.query(`create index incoming_requests_received_idx on log.incoming_requests (received_at)`);
    await runner.query(
      `create index incoming_requests_scope_message_idx on log.incoming_requests (project_id, environment, message_id) where message_id is not null`,
    );
    await runner.query(`create index incoming_requests_scope_status_idx on log.incoming_requests (project_id, environment, status, received_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop index log.incoming_requests_scope_status_idx`);
    await runner.query(`drop index log.incoming_requests_scope_message_idx`);
    await runner.query(`drop index log.incoming_requests_received_idx`);
    await runner.query(`drop table log.attempts`);
    await runner.query(`drop table log.deliveries`);
    await runner.query(`drop table log.messages`);
  }
}
