import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who holds a job's lease: a dispatcher restarted after a crash frees the leases of its earlier
// run at boot, instead of leaving those deliveries to wait for the lease to expire.
export class LeaseOwner1764500000000 implements MigrationInterface {
  name = 'LeaseOwner1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table dispatcher.delivery_jobs add column lease_owner text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`alter table dispatcher.delivery_jobs drop column lease_owner`);
  }
}
