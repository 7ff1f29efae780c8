import type { MigrationInterface, QueryRunner } from 'typeorm';

// A message's payload is kept as the JSON text that was signed and sent, not as jsonb: jsonb
// refuses \u0000 and lone surrogates (one such payload stalled every tenant's log), reorders and
// deduplicates keys and rewrites numbers, so what was shown was not what was sent. Text takes
// any JSON as is. Dead letters get a table, so that operators and tenants can read them.
export class PayloadAsJsonText1764600000000 implements MigrationInterface {
  name = 'PayloadAsJsonText1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table log.messages alter column payload type text using payload::text`);
    await runner.query(`
      create table log.dead_letters (
        id uuid primary key,
        project_id uuid,
        topic text not null,
        reason text not null,
        consumer text not null,
        failed_at timestamptz not null,
        record text not null,
        recorded_at timestamptz not null default now()
      )`);
    await runner.query(`create index dead_letters_scope_failed_idx on log.dead_letters (project_id, failed_at, id)`);
    await runner.query(`create index dead_letters_failed_idx on log.dead_letters (failed_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table log.dead_letters`);
    // Fails if a payload holds what jsonb cannot (\u0000, a lone surrogate): those cannot go back.
    await runner.query(`alter table log.messages alter column payload type jsonb using payload::jsonb`);
  }
}
