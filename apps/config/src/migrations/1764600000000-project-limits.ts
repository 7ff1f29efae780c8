import type { MigrationInterface, QueryRunner } from 'typeorm';

// Per-project admission limits (null = the platform default) and a change time, so the gateway's
// view of config.projects.v1 can order versions.
export class ProjectLimits1764600000000 implements MigrationInterface {
  name = 'ProjectLimits1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      alter table config.projects
        add column events_per_second integer check (events_per_second > 0),
        add column burst integer check (burst > 0),
        add column max_backlog integer check (max_backlog > 0),
        add column updated_at timestamptz`);
    await runner.query(`update config.projects set updated_at = created_at`);
    await runner.query(`alter table config.projects alter column updated_at set not null`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table config.projects drop column events_per_second, drop column burst, drop column max_backlog, drop column updated_at`);
  }
}
