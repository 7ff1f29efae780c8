import { describe, expect, it } from 'vitest';
import { environmentFromPrefix, identify, maskKey } from './environment';

describe('key identity', () => {
  it('takes the project and environment from GET /v1/me, over the key prefix', () => {
    expect(
      identify('fg_dev_123', {
        project: { id: 'p1', name: 'Acme' },
        environment: 'production',
        key: { id: 'k1', prefix: 'fg_dev_123' },
      }),
    ).toEqual({ environment: 'production', project: 'Acme' });
    // An opaque key is identified by the API alone.
    expect(
      identify('opaque-key', {
        project: { id: 'p1', name: 'Acme' },
        environment: 'development',
      }),
    ).toEqual({ environment: 'development', project: 'Acme' });
  });

  it('falls back to the prefix for an answer without an environment, and to nothing for an unknown format', () => {
    expect(identify('fg_prod_abc', {})).toEqual({
      environment: 'production',
      project: null,
    });
    expect(identify('fg_dev_abc', { environment: 'staging' })).toEqual({
      environment: 'development',
      project: null,
    });
    expect(environmentFromPrefix('fg_dev_abc')).toBe('development');
    expect(environmentFromPrefix('fg_prod_abc')).toBe('production');
    expect(environmentFromPrefix('fg_live_abc')).toBe('production');
    expect(environmentFromPrefix('abcdef')).toBeNull();
    expect(identify('opaque-key', undefined)).toEqual({
      environment: null,
      project: null,
    });
    expect(identify('opaque-key', { project: { name: '  ' } })).toEqual({
      environment: null,
      project: null,
    });
  });

  it('never shows a whole key', () => {
    const key = 'fg_dev_0123456789abcdefghijklmnop';
    expect(maskKey(key)).not.toContain('456789abcdefghij');
    expect(maskKey(key).startsWith('fg_dev_')).toBe(true);
  });
});
