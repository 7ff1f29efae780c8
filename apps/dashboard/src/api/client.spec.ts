import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, fieldKey, toQueryString } from './client';

function fakeFetch(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return vi.fn<typeof fetch>(
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
  );
}

describe('ApiClient', () => {
  it('sends the active key as a bearer token and the filters as a query string', async () => {
    const fetchImpl = fakeFetch(200, { data: [], next_cursor: null });
    const client = new ApiClient({ getKey: () => 'fg_dev_abc', fetchImpl });
    await client.listDeliveries({
      status: 'failed',
      event: '',
      cursor: 'c1',
      limit: 25,
    });
    const [url, init] = fetchImpl.mock.calls[0] ?? [];
    expect(url).toBe('/v1/logs/deliveries?status=failed&cursor=c1&limit=25');
    expect((init?.headers as Record<string, string>)['authorization']).toBe(
      'Bearer fg_dev_abc',
    );
  });

  it('reads the key on every call, so switching environment changes the next request', async () => {
    const fetchImpl = fakeFetch(200, { data: [], next_cursor: null });
    let key = 'fg_dev_1';
    const client = new ApiClient({ getKey: () => key, fetchImpl });
    await client.listEndpoints();
    key = 'fg_prod_2';
    await client.listEndpoints();
    const auth = fetchImpl.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string>)['authorization'],
    );
    expect(auth).toEqual(['Bearer fg_dev_1', 'Bearer fg_prod_2']);
  });

  it('sends JSON bodies and encodes ids in paths', async () => {
    const fetchImpl = fakeFetch(201, { id: 'e1' });
    const client = new ApiClient({ getKey: () => 'k', fetchImpl });
    await client.updateEndpoint('a/b', { enabled: false });
    const [url, init] = fetchImpl.mock.calls[0] ?? [];
    expect(url).toBe('/v1/endpoints/a%2Fb');
    expect(init?.method).toBe('PATCH');
    expect(init?.body).toBe('{"enabled":false}');
    expect((init?.headers as Record<string, string>)['content-type']).toBe(
      'application/json',
    );
  });

  it('maps the error body to an ApiError with its code, message and fields', async () => {
    const fetchImpl = fakeFetch(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid endpoint',
        fields: [{ field: 'body.url', message: 'must be an absolute URL' }],
      },
    });
    const client = new ApiClient({ getKey: () => 'k', fetchImpl });
    const err = await client
      .createEndpoint({
        url: 'x',
        description: '',
        event_types: [],
        headers: {},
        rate_limit: null,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiErr = err as ApiError;
    expect([apiErr.status, apiErr.code, apiErr.message]).toEqual([
      400,
      'validation_failed',
      'Invalid endpoint',
    ]);
    expect(apiErr.fieldMessages()).toEqual({ url: 'must be an absolute URL' });
  });

  it('turns a non-JSON error answer and a network failure into readable errors', async () => {
    const html = new ApiClient({
      getKey: () => 'k',
      fetchImpl: fakeFetch(502, '<html>Bad gateway</html>'),
    });
    const e1 = (await html
      .listEndpoints()
      .catch((e: unknown) => e)) as ApiError;
    expect([e1.status, e1.code]).toEqual([502, 'http_502']);
    expect(e1.message).not.toContain('<html>');

    const down = new ApiClient({
      getKey: () => 'k',
      fetchImpl: vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    });
    const e2 = (await down
      .listEndpoints()
      .catch((e: unknown) => e)) as ApiError;
    expect([e2.status, e2.code]).toEqual([0, 'network_error']);
    expect(e2.message).toContain('Failed to fetch');
  });

  it('reports a 401 of the signed-in key, but not of a key being checked at sign-in', async () => {
    const onUnauthorized = vi.fn();
    const client = new ApiClient({
      getKey: () => 'k',
      fetchImpl: fakeFetch(401, {
        error: { code: 'unauthorized', message: 'bad key' },
      }),
      onUnauthorized,
    });
    await expect(client.me('other')).rejects.toMatchObject({
      status: 401,
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(client.listEndpoints()).rejects.toMatchObject({
      status: 401,
      message: 'bad key',
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('names form fields from the paths the API may use', () => {
    expect(
      [
        'url',
        'body.url',
        '/url',
        'headers.X-Tenant',
        'event_types[0]',
        '/rate_limit',
      ].map(fieldKey),
    ).toEqual(['url', 'url', 'url', 'headers', 'event_types', 'rate_limit']);
    expect(toQueryString({ a: undefined, b: null, c: '' })).toBe('');
  });
});
