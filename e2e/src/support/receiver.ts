import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body bytes as text, exactly as received (what signatures cover). */
  body: string;
  receivedAt: number;
}

export type Responder = (req: ReceivedRequest, n: number) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

/** A real HTTP endpoint on 127.0.0.1 that records every request; `respond` decides the answer. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private server?: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private respond: Responder = () => ({ status: 200, body: 'ok' })) {}

  setResponder(respond: Responder): void {
    this.respond = respond;
  }

  /** Listens on `host` (another loopback address such as 127.0.0.2 tells URL policies apart). */
  async start(host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: ReceivedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(r);
        const answer = this.respond(r, this.requests.length);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.headers ?? {}) });
          res.end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    return this.url;
  }

  get url(): string {
    const { address, port } = this.server!.address() as AddressInfo;
    return `http://${address}:${port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
