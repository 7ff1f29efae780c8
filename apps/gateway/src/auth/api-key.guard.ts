import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeyView, type Caller } from './api-key-view';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** `Authorization: Bearer <api key>` → the caller's project + environment (401 otherwise). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeyView) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const caller = token ? this.keys.find(token) : undefined;
    if (!caller) throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <api key>)');
    req.caller = caller;
    req.trace = { ...(req.trace ?? {}), project_id: caller.project_id, environment: caller.environment };
    return true;
  }
}
