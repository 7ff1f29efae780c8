import { createFastgenClient } from './index';

describe('createFastgenClient', () => {
  it('sends the key as a bearer token to the typed path under the base URL, and reads the Error body', async () => {
    const seen: Request[] = [];
    const client = createFastgenClient({
      baseUrl: 'http://api.test/',
      apiKey: 'fg_dev_abc',
      fetch: async (input) => {
        seen.push(input as Request);
        return new Response(
          JSON.stringify({
            error: { code: 'not_found', message: 'endpoint not found' },
          }),
          {
            status: 404,
            headers: { 'content-type': 'application/json' },
          },
        );
      },
    });
    const res = await client.GET('/v1/endpoints/{id}', {
      params: { path: { id: 'e1' } },
    });
    expect(seen[0]?.url).toBe('http://api.test/v1/endpoints/e1');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer fg_dev_abc');
    expect(res.response.status).toBe(404);
    expect(res.error?.error.code).toBe('not_found');
  });
});
