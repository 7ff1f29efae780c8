import { ExtraStack } from '../support/extra-stack';

// CORS is a deployment setting: a gateway of its own with CORS_ORIGINS set.
describe('CORS_ORIGINS: browsers of the listed origins only', () => {
  const allowed = 'https://app.example.com';
  let extra: ExtraStack;
  beforeAll(async () => {
    extra = new ExtraStack(['gateway'], {
      CORS_ORIGINS: `${allowed},http://localhost:5173`,
    });
    await extra.up();
  });
  afterAll(async () => {
    await extra?.down();
  });

  it('answers a preflight of a listed origin with its methods and headers', async () => {
    const res = await fetch(`${extra.urls.gateway}/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin: allowed,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(
      res.headers.get('access-control-allow-headers')?.toLowerCase(),
    ).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives an unlisted origin no Access-Control-Allow-Origin', async () => {
    const res = await fetch(`${extra.urls.gateway}/v1/me`, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await fetch(`${extra.urls.gateway}/v1/me`, {
      headers: { origin: allowed },
    });
    expect(listed.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(
      listed.headers.get('access-control-expose-headers')?.toLowerCase(),
    ).toContain('retry-after');
  });
});
