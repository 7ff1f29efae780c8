import type { MigrationInterface, QueryRunner } from 'typeorm';

// A flood of refused requests (429) is logged as a few rows a second, the last of which counts the
// others (the gateway's RefusalDigest): `repeated` is that count, 0 for an ordinary row. Adding a
// column with a constant default rewrites nothing on Postgres 11 and later.
export class FoldedRefusals1764700000000 implements MigrationInterface {
  name = 'FoldedRefusals1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table log.incoming_requests add column repeated integer not null default 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table log.incoming_requests drop column repeated`);
  }
}
