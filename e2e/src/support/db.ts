import { Client } from 'pg';
import { stack } from './stack';

/** Runs one query against this run's database (to check what the services stored). */
export async function query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: stack().env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
