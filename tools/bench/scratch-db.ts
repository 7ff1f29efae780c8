import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Runs `use` with the URL of a fresh database on the server of `adminUrl`, and drops it afterwards whatever happens. */
export async function withScratchDatabase<T>(adminUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const dbName = `fastgen_bench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  try {
    return await use(url.toString());
  } finally {
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
    console.log(`dropped ${dbName}`);
  }
}
