import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { ExtraStack, runServiceToExit } from '../support/extra-stack';
import { stack } from '../support/stack';

// DATABASE_SSL against the shared Postgres. Decided when the file loads (SKIPPED, with the reason,
// when the server does not offer TLS): Debian's server does, with its self-signed certificate.
const ROOT = path.resolve(__dirname, '..', '..', '..');
function serverOffersTls(): boolean {
  const probe = `const pg=require('pg');const c=new pg.Client({connectionString:process.env.URL,ssl:{rejectUnauthorized:false}});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));`;
  const url =
    JSON.parse(process.env['FASTGEN_E2E'] ?? '{"env":{}}').env.DATABASE_URL ??
    '';
  return (
    spawnSync(process.execPath, ['-e', probe], {
      cwd: ROOT,
      env: { ...process.env, URL: url },
      timeout: 10_000,
    }).status === 0
  );
}
const tls = serverOffersTls();
const describeTls = tls ? describe : describe.skip;
const title = tls
  ? 'Postgres over TLS (DATABASE_SSL)'
  : 'SKIPPED: Postgres over TLS: the Postgres of this run does not offer TLS';

describeTls(title, () => {
  const extra = new ExtraStack(['config'], { DATABASE_SSL: 'require' });

  beforeAll(() => extra.up(), 180_000);
  afterAll(() => extra.down(), 60_000);

  it('runs a service whose every Postgres session is encrypted with DATABASE_SSL=require', async () => {
    const client = new Client({ connectionString: stack().env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ ssl: boolean }>(
        'select s.ssl from pg_stat_ssl s join pg_stat_activity a using (pid) where a.datname = $1 and a.application_name like $2',
        [extra.databaseName, 'fastgen-%'],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.ssl)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('stops with the certificate error when verify-full cannot verify the server', async () => {
    // The local server's certificate is self-signed and names another host: verification must fail.
    const { code, output } = await runServiceToExit('config', ['migrate'], { DATABASE_SSL: 'verify-full' });
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /self[- ]signed certificate|Hostname\/IP does not match|unable to verify/i,
    );
  }, 60_000);
});
