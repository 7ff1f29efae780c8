import { createHash } from 'node:crypto';
import { createParamDecorator, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Environment } from '@fastgen/contracts';
import { ApiKeysView } from './api-keys-view.service';

/** Who is calling: the project + environment of the API key. */
export interface CallerScope {
  project_id: string;
  environment: Environment;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: CallerScope;
  }
}

/** `Authorization: Bearer <api key>`, looked up by SHA-256 in the local view; 401 otherwise. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysView) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    // The lookup is by hash, so no comparison of secrets happens here.
    const key = token ? this.keys.byKeyHash(createHash('sha256').update(token).digest('hex')) : undefined;
    if (!key) throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <api key>)');
    req.caller = { project_id: key.project_id, environment: key.environment };
    req.trace = { ...(req.trace ?? {}), project_id: key.project_id, environment: key.environment };
    return true;
  }
}

/** The caller's scope, set by ApiKeyGuard. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): CallerScope => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new UnauthorizedException('a valid API key is required');
  return caller;
});
