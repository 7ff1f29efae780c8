import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { RouteTable } from './route-table';
import { secureHttp } from './http-security';

@Controller('v1')
class ProbeController {
  @Get('probe')
  probe() {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController], providers: [RouteTable] })
class ProbeModule {}

describe('secureHttp', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await secureHttp(app, { CORS_ORIGINS: '' } as never);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('sets the security headers on every response, the same on each, and no-store on the API', async () => {
    const http = app.getHttpAdapter().getInstance();
    for (const url of ['/v1/probe', '/v1/nope']) {
      const res = await http.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self';base-uri 'none';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
      );
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
