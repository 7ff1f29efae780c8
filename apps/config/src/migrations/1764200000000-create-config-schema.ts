import type { MigrationInterface, QueryRunner } from 'typeorm';

// The schema itself is created by the migrate step (the migrations table lives in it); this first
// migration marks the start of the config schema's history.
export class CreateConfigSchema1764200000000 implements MigrationInterface {
  name = 'CreateConfigSchema1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`create schema if not exists config`);
  }

  async down(): Promise<void> {
    // Dropping the schema would drop the migrations table under TypeORM's feet; nothing to undo.
  }
}
