import { createHash } from 'node:crypto';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key';

describe('API keys', () => {
  it('start with a prefix that tells the environment', () => {
    expect(generateApiKey('development')).toMatch(/^fg_dev_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey('production')).toMatch(/^fg_prod_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey('development')).not.toBe(generateApiKey('development'));
  });

  it('are stored as the hex SHA-256 of the whole key', () => {
    const key = generateApiKey('production');
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('are displayed by a short prefix only', () => {
    expect(displayPrefix('fg_dev_abcdefghijk')).toBe('fg_dev_abcd');
    expect(displayPrefix('fg_prod_abcdefghijk')).toBe('fg_prod_abcd');
  });
});
