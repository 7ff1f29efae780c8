import { InvalidEnvironment } from '@fastgen/platform';
import { loadConfigEnv } from './config.env';

describe('loadConfigEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const KEY = 'ab'.repeat(32);

  it('turns on the public-only URL policy by default in every NODE_ENV, and reads the allow-list', () => {
    for (const nodeEnv of ['production', 'development', 'test']) {
      process.env = { ...saved, SECRETS_MASTER_KEY: KEY, NODE_ENV: nodeEnv, ENDPOINT_URL_ALLOWLIST: '10.0.0.0/8' };
      const settings = loadConfigEnv().settings;
      expect({ nodeEnv, publicOnly: settings.urlPolicy.publicOnly }).toEqual({ nodeEnv, publicOnly: true });
      expect(settings.urlPolicy.allowList.ranges).toHaveLength(1);
      expect(settings.rotationOverlapMs).toBe(24 * 3_600_000);
    }
    process.env = { ...saved, SECRETS_MASTER_KEY: KEY, NODE_ENV: 'production', ENDPOINT_URL_POLICY: 'any', SECRET_ROTATION_OVERLAP_HOURS: '2' };
    expect(loadConfigEnv().settings).toMatchObject({ urlPolicy: { publicOnly: false }, rotationOverlapMs: 2 * 3_600_000 });
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
