import { InvalidEnvironment } from '@fastgen/platform';
import { loadConfigEnv } from './config.env';

describe('loadConfigEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const KEY = 'ab'.repeat(32);

  it('turns on the public-only URL policy in production, off elsewhere, and reads the allow-list', () => {
    process.env = { ...saved, SECRETS_MASTER_KEY: KEY, NODE_ENV: 'production', ENDPOINT_URL_ALLOWLIST: '10.0.0.0/8' };
    const prod = loadConfigEnv().settings;
    expect(prod.urlPolicy.publicOnly).toBe(true);
    expect(prod.urlPolicy.allowList.ranges).toHaveLength(1);
    expect(prod.rotationOverlapMs).toBe(24 * 3_600_000);
    process.env = { ...saved, SECRETS_MASTER_KEY: KEY, NODE_ENV: 'development' };
    expect(loadConfigEnv().settings.urlPolicy.publicOnly).toBe(false);
    process.env = { ...saved, SECRETS_MASTER_KEY: KEY, NODE_ENV: 'development', ENDPOINT_URL_POLICY: 'public-only', SECRET_ROTATION_OVERLAP_HOURS: '2' };
    expect(loadConfigEnv().settings).toMatchObject({ urlPolicy: { publicOnly: true }, rotationOverlapMs: 2 * 3_600_000 });
  });

  it('names every bad variable', () => {
    process.env = { ...saved, SECRETS_MASTER_KEY: 'short', ENDPOINT_URL_ALLOWLIST: '10.0.0.0/99' };
    expect(() => loadConfigEnv()).toThrow(InvalidEnvironment);
    try {
      loadConfigEnv();
    } catch (err) {
      expect((err as InvalidEnvironment).problems.map((p) => p.split(' ')[0])).toEqual(['SECRETS_MASTER_KEY', 'ENDPOINT_URL_ALLOWLIST']);
    }
    process.env = { ...saved, SECRETS_MASTER_KEY: KEY, ENDPOINT_URL_POLICY: 'lenient' };
    expect(() => loadConfigEnv()).toThrow(/ENDPOINT_URL_POLICY/);
  });
});
