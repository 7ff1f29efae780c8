import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startTracing } from './tracing-sdk';
import { tracingEnabled } from './tracing';

const ROOT = path.resolve(__dirname, '../../../..');

// The OTLP exporter loads node:http with a dynamic import, which Jest's VM refuses: the exporting
// process is a plain Node child running this source (as the services run it).
function runTraced(env: Record<string, string>): Promise<string> {
  const script = `
    const { startTracing } = require('./libs/platform/src/observability/tracing-sdk.ts');
    const { tracer, tracingEnabled } = require('./libs/platform/src/observability/tracing.ts');
    const tracing = startTracing('dispatcher');
    tracer().startSpan('a span to export').end();
    const on = tracingEnabled();
    tracing.shutdown().then(() => console.log(JSON.stringify({ on, after: tracingEnabled() })));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}: ${out}`))));
  });
}

// The default OTLP protocol (http/protobuf) against a local HTTP server: what a collector receives.
describe('startTracing', () => {
  const received: { path?: string; type?: string; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('does nothing without OTEL_* settings', () => {
    expect(startTracing('svc', {})).toBeNull();
    expect(tracingEnabled()).toBe(false);
  });

  it('exports spans as OTLP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, named by OTEL_SERVICE_NAME, flushed on shutdown', async () => {
    const out = await runTraced({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'dispatcher-eu1' });
    expect(JSON.parse(out)).toEqual({ on: true, after: false });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/v1/traces', type: 'application/x-protobuf' });
    // Protobuf carries strings as raw UTF-8.
    expect(received[0]!.body.includes('a span to export')).toBe(true);
    expect(received[0]!.body.includes('dispatcher-eu1')).toBe(true);
  });
});
