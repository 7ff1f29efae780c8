import type { MigrationInterface, QueryRunner } from 'typeorm';

// The schema itself is created by the migrate step (the migrations table lives in it); this first
// migration marks the start of the gateway schema's history.
export class CreateGatewaySchema1764200000000 implements MigrationInterface {
  name = 'CreateGatewaySchema1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`create schema if not exists gateway`);
  }

  async down(): Promise<void> {
    // Dropping the schema would drop the migrations table under TypeORM's feet; nothing to undo.
  }
}
