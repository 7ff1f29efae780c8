import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConfigTables1764300000000 implements MigrationInterface {
  name = 'CreateConfigTables1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table config.projects (
        id uuid primary key,
        name text not null,
        created_at timestamptz not null
      )`);
    await runner.query(`create index projects_created_idx on config.projects (created_at, id)`);
    await runner.query(`
      create table config.api_keys (
        id uuid primary key,
        project_id uuid not null references config.projects (id),
        environment text not null check (environment in ('development', 'production')),
        name text not null,
        key_hash text not null,
        prefix text not null,
        created_at timestamptz not null,
        revoked_at timestamptz
      )`);
    await runner.query(`create unique index api_keys_hash_key on config.api_keys (key_hash)`);
    await runner.query(`create index api_keys_project_idx on config.api_keys (project_id, created_at, id)`);
    await runner.query(`
      create table config.endpoints (
        id uuid primary key,
        project_id uuid not null references config.projects (id),
        environment text not null check (environment in ('development', 'production')),
        url text not null,
        description text not null,
        event_types jsonb not null,
        enabled boolean not null,
        disabled_reason text,
        headers jsonb not null,
        rate_limit integer,
        secrets jsonb not null,
        version integer not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await runner.query(`create index endpoints_scope_idx on config.endpoints (project_id, environment, created_at, id)`);
    await runner.query(`
      create table config.event_types (
        id uuid primary key,
        project_id uuid not null references config.projects (id),
        environment text not null check (environment in ('development', 'production')),
        name text not null,
        description text not null,
        schema jsonb,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await runner.query(`create unique index event_types_scope_name_key on config.event_types (project_id, environment, name)`);
    await runner.query(`create index event_types_scope_idx on config.event_types (project_id, environment, created_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table config.event_types`);
    await runner.query(`drop table config.endpoints`);
    await runner.query(`drop table config.api_keys`);
    await runner.query(`drop table config.projects`);
  }
}
