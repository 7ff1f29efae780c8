import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EMPTY_ALLOW_LIST,
  parseAllowList,
  type UrlPolicy,
} from '@fastgen/net-policy';
import { HttpSender } from './http-sender';

const allowAll: UrlPolicy = { publicOnly: false, allowList: EMPTY_ALLOW_LIST };
const publicOnly: UrlPolicy = { publicOnly: true, allowList: EMPTY_ALLOW_LIST };

describe('HttpSender', () => {
  let server: http.Server;
  let url: string;
  let respond: (res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => respond(res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://localhost:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts and reads at most 4 KiB of the response', async () => {
    respond = (res) => res.writeHead(200).end('x'.repeat(10_000));
    const sender = new HttpSender({
      connectTimeoutMs: 1000,
      timeoutMs: 2000,
      policy: allowAll,
    });
    const r = await sender.post(
      url,
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(4096);
    await sender.close();
  });

  it('does not follow redirects and times out slow responses', async () => {
    const sender = new HttpSender({
      connectTimeoutMs: 1000,
      timeoutMs: 300,
      policy: allowAll,
    });
    respond = (res) =>
      res.writeHead(302, { location: 'http://example.com' }).end();
    expect((await sender.post(url, {}, '{}')).status).toBe(302);
    respond = (res) => setTimeout(() => res.writeHead(200).end(), 1000);
    const slow = await sender.post(url, {}, '{}');
    expect(slow.status).toBeNull();
    expect(slow.error).toContain('timeout');
    await sender.close();
  });

  async function refusedWithoutRequest(
    policy: UrlPolicy,
    target: string,
  ): Promise<string | null> {
    let hits = 0;
    respond = (res) => {
      hits++;
      res.writeHead(200).end();
    };
    const sender = new HttpSender({
      connectTimeoutMs: 1000,
      timeoutMs: 1000,
      policy,
    });
    try {
      const r = await sender.post(target, {}, '{}');
      expect(r.status).toBeNull();
      expect(hits).toBe(0);
      return r.error;
    } finally {
      await sender.close();
    }
  }

  it('refuses, at connect time, a name that resolves to a non-public address', async () => {
    expect(await refusedWithoutRequest(publicOnly, url)).toMatch(
      /^refused address: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
    );
  });

  it.each([
    ['127.0.0.1', 'refused address: 127.0.0.1 is a loopback address'],
    ['2130706433', 'refused address: 127.0.0.1 is a loopback address'],
    ['127.1', 'refused address: 127.0.0.1 is a loopback address'],
    [
      '[::ffff:127.0.0.1]',
      'refused address: ::ffff:7f00:1 is a loopback address',
    ],
  ])(
    'refuses the IP literal %s, which no DNS lookup sees',
    async (host, error) => {
      expect(
        await refusedWithoutRequest(publicOnly, url.replace('localhost', host)),
      ).toBe(error);
    },
  );

  it('refuses an infrastructure port even on an allowed address', async () => {
    const loopback: UrlPolicy = {
      publicOnly: true,
      allowList: parseAllowList('127.0.0.0/8'),
    };
    expect(
      await refusedWithoutRequest(loopback, 'http://127.0.0.1:6379/'),
    ).toBe(
      'refused address: uses port 6379 (Redis), a well-known infrastructure port',
    );
  });

  it('connects to an allow-listed address', async () => {
    respond = (res) => res.writeHead(204).end();
    const sender = new HttpSender({
      connectTimeoutMs: 1000,
      timeoutMs: 1000,
      policy: {
        publicOnly: true,
        allowList: parseAllowList('localhost, 127.0.0.1'),
      },
    });
    expect((await sender.post(url, {}, '{}')).status).toBe(204);
    expect(
      (await sender.post(url.replace('localhost', '127.0.0.1'), {}, '{}'))
        .status,
    ).toBe(204);
    await sender.close();
  });
});
