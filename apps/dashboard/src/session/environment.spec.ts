import { describe, expect, it } from 'vitest';
import { environmentFromPrefix, identify, maskKey } from './environment';

describe('key identity', () => {
  it('prefers what the API says over the key prefix', () => {
    const headers = new Headers({
      'x-fastgen-environment': 'production',
      'x-fastgen-project': 'Acme',
    });
    expect(identify('fg_dev_123', { headers, body: {} })).toEqual({
      environment: 'production',
      project: 'Acme',
    });
    expect(
      identify('fg_dev_123', {
        body: { data: [{ environment: 'production', project_id: 'p1' }] },
      }),
    ).toEqual({
      environment: 'production',
      project: 'p1',
    });
  });

  it('falls back to the prefix, and to nothing for an unknown format', () => {
    expect(environmentFromPrefix('fg_dev_abc')).toBe('development');
    expect(environmentFromPrefix('fg_prod_abc')).toBe('production');
    expect(environmentFromPrefix('fg_live_abc')).toBe('production');
    expect(environmentFromPrefix('abcdef')).toBeNull();
    expect(
      identify('opaque-key', { body: { data: [], next_cursor: null } }),
    ).toEqual({ environment: null, project: null });
  });

  it('never shows a whole key', () => {
    const key = 'fg_dev_0123456789abcdefghijklmnop';
    expect(maskKey(key)).not.toContain('456789abcdefghij');
    expect(maskKey(key).startsWith('fg_dev_')).toBe(true);
  });
});
