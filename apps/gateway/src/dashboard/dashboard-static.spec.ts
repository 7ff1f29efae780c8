import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { serveDashboard } from './dashboard-static';

@Controller('v1')
class ProbeController {
  @Get('probe')
  probe() {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

async function appWith(dir: string): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ProbeModule,
    new FastifyAdapter(),
    { logger: false },
  );
  serveDashboard(app, dir);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('serveDashboard', () => {
  let dir: string;
  let app: NestFastifyApplication | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers index.html at / and at the client-side routes, and serves assets', async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><div id="root"></div>',
    );
    fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    app = await appWith(dir);
    const http = app.getHttpAdapter().getInstance();
    for (const url of [
      '/',
      '/webhooks',
      '/logs',
      '/logs/anything?tab=incoming',
    ]) {
      const res = await http.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain(
        "frame-ancestors 'none'",
      );
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    const asset = await http.inject({
      method: 'GET',
      url: '/assets/app-1234.js',
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API routes and the API 404 alone', async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    app = await appWith(dir);
    const http = app.getHttpAdapter().getInstance();
    const probe = await http.inject({ method: 'GET', url: '/v1/probe' });
    expect(probe.json()).toEqual({ ok: true });
    const unknown = await http.inject({
      method: 'GET',
      url: '/v1/nothing-here',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/json');
  });

  it('explains that the dashboard is not built instead of failing when the folder has no index.html', async () => {
    app = await appWith(path.join(dir, 'missing'));
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('dashboard is not built');
  });
});
