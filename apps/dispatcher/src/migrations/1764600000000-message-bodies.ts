import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each message's body (the exact bytes signed and sent) is stored once, however many endpoints
// receive it: jobs written from now on reference it by message_id instead of carrying a copy.
// Older jobs keep their own copy (body stays, nullable). The outbox keeps its records as JSON
// text: jsonb refused a response body holding \u0000, and the attempt could never be recorded.
export class MessageBodies1764600000000 implements MigrationInterface {
  name = 'MessageBodies1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table dispatcher.message_bodies (
        message_id uuid primary key,
        body text not null,
        created_at timestamptz not null default now()
      )`);
    await runner.query(`alter table dispatcher.delivery_jobs alter column body drop not null`);
    await runner.query(`alter table dispatcher.outbox alter column value type text using value::text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`update dispatcher.delivery_jobs j set body = b.body from dispatcher.message_bodies b where j.body is null and b.message_id = j.message_id`);
    await runner.query(`delete from dispatcher.delivery_jobs where body is null`);
    await runner.query(`alter table dispatcher.delivery_jobs alter column body set not null`);
    await runner.query(`drop table dispatcher.message_bodies`);
    // Fails if an outbox record holds what jsonb cannot (\u0000): publish the outbox first.
    await runner.query(`alter table dispatcher.outbox alter column value type jsonb using value::jsonb`);
  }
}
