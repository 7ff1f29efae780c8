import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { GuardedPool } from '@fastgen/platform';
import { query } from '../support/db';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// Every service's TypeORM pool is a GuardedPool. Before it, a backend terminated while a client was
// between pg-pool and TypeORM ended the log service in the middle of a run (an unhandled 'error').
describe('the services’ Postgres pool', () => {
  it('outlives a backend terminated while a client is checked out and nobody else listens for its errors', async () => {
    const name = `fastgen-guard-${randomUUID().slice(0, 8)}`;
    const pool = new GuardedPool({ connectionString: stack().env.DATABASE_URL, max: 1, application_name: name });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const client: PoolClient = await pool.connect();
      let ended = false;
      client.once('end', () => (ended = true));
      const [{ n }] = await query<{ n: number }>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1`, [name]);
      expect(n).toBe(1);
      // The FATAL message reaches the idle client as an 'error' event; without a listener Node would end this process.
      await waitFor('the terminated client to close', () => ended);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('terminating connection due to administrator command'));
      client.release(true);
      const { rows } = await pool.query<{ one: number }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      warn.mockRestore();
      await pool.end();
    }
  });
});
