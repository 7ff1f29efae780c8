import { vi } from 'vitest';

type Handler = (req: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  key: string | null;
}) => {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/** A fetch that answers from route handlers keyed by "METHOD /path", recording every call. */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: {
    method: string;
    path: string;
    key: string | null;
    body: unknown;
  }[] = [];
  const fetchImpl = vi.fn(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://dashboard.test');
      const method = init?.method ?? 'GET';
      const auth =
        (init?.headers as Record<string, string> | undefined)?.[
          'authorization'
        ] ?? null;
      const key = auth?.replace(/^Bearer /, '') ?? null;
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path: url.pathname, key, body });
      const handler = routes[`${method} ${url.pathname}`];
      const res = handler
        ? handler({
            method,
            path: url.pathname,
            query: url.searchParams,
            body,
            key,
          })
        : {
            status: 404,
            body: { error: { code: 'not_found', message: 'Not found' } },
          };
      return new Response(
        res.body === undefined ? null : JSON.stringify(res.body),
        {
          status: res.status,
          headers: {
            'content-type': 'application/json',
            ...(res.headers ?? {}),
          },
        },
      );
    },
  );
  return { fetchImpl: fetchImpl as unknown as typeof fetch, calls };
}
