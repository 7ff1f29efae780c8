import { createHash } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ServiceError, ServiceErrorCode } from '@fastgen/platform';
import type { IncomingRequestTrace } from '../incoming/incoming-request.recorder';
import { ApiKeysView, type ApiKeyOwner } from './api-keys.view';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by ApiKeyGuard: who is calling. Read it with the @Caller() parameter decorator. */
    caller?: ApiKeyOwner;
  }
}

/**
 * `Authorization: Bearer <API key>`, checked against the local view (no call to another service).
 * Sets req.caller and the project + environment of the incoming-request log; 401 otherwise.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysView) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new ServiceError(ServiceErrorCode.UNAUTHORIZED, 'an API key is required: Authorization: Bearer <api key>');
    }
    if (!this.keys.ready) throw new ServiceError(ServiceErrorCode.UNAVAILABLE, 'API keys are still loading; retry in a moment');
    const owner = this.keys.findByHash(createHash('sha256').update(match[1], 'utf8').digest('hex'));
    if (!owner) throw new ServiceError(ServiceErrorCode.UNAUTHORIZED, 'the API key is not valid (unknown or revoked)');
    req.caller = owner;
    const trace: IncomingRequestTrace = { ...req.trace, project_id: owner.project_id, environment: owner.environment };
    req.trace = trace;
    return true;
  }
}
