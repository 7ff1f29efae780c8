import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSender } from './http-sender';
import { allowAllUrlPolicy, type UrlPolicy } from './url-policy';

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
    const sender = new HttpSender({ connectTimeoutMs: 1000, timeoutMs: 2000, policy: allowAllUrlPolicy });
    const r = await sender.post(url, { 'content-type': 'application/json' }, '{}');
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(4096);
    await sender.close();
  });

  it('does not follow redirects and times out slow responses', async () => {
    const sender = new HttpSender({ connectTimeoutMs: 1000, timeoutMs: 300, policy: allowAllUrlPolicy });
    respond = (res) => res.writeHead(302, { location: 'http://example.com' }).end();
    expect((await sender.post(url, {}, '{}')).status).toBe(302);
    respond = (res) => setTimeout(() => res.writeHead(200).end(), 1000);
    const slow = await sender.post(url, {}, '{}');
    expect(slow.status).toBeNull();
    expect(slow.error).toContain('timeout');
    await sender.close();
  });

  it('refuses an address the policy refuses, at connect time', async () => {
    const deny: UrlPolicy = { refuseAddress: (_h, a) => `non-public address ${a}` };
    const sender = new HttpSender({ connectTimeoutMs: 1000, timeoutMs: 1000, policy: deny });
    const r = await sender.post(url, {}, '{}');
    expect(r.status).toBeNull();
    expect(r.error).toContain('non-public address');
    await sender.close();
  });

  it('applies the policy to an IP-literal host too, which no DNS lookup sees', async () => {
    let hits = 0;
    respond = (res) => {
      hits++;
      res.writeHead(200).end();
    };
    const deny: UrlPolicy = { refuseAddress: (_h, a) => `non-public address ${a}` };
    const sender = new HttpSender({ connectTimeoutMs: 1000, timeoutMs: 1000, policy: deny });
    const r = await sender.post(url.replace('localhost', '127.0.0.1'), {}, '{}');
    expect(r.status).toBeNull();
    expect(r.error).toBe('refused address: non-public address 127.0.0.1');
    expect(hits).toBe(0);
    await sender.close();
  });
});
