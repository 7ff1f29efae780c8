import { applyDecorators, createParamDecorator, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Environment } from '@fastgen/contracts';
import { ApiKeyGuard } from './api-key.guard';
import type { ApiKeyOwner } from './api-keys.view';

/** The project + environment an API key gives access to. */
export interface CallerScope {
  project_id: string;
  environment: Environment;
}

/**
 * Route parameter: the caller's `{project_id, environment}`. Use on routes guarded by @ApiKeyAuth().
 *
 *   @Get() list(@Caller() caller: CallerScope) { ... }
 */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallerScope => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  // A route without the guard is a programming error, not a client error.
  if (!caller) throw new Error('@Caller() used on a route without @ApiKeyAuth()');
  return { project_id: caller.project_id, environment: caller.environment };
});

/** Route parameter: the whole owner of the calling key, with the key's id and visible prefix. */
export const CallerKey = createParamDecorator((_: unknown, context: ExecutionContext): ApiKeyOwner => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new Error('@CallerKey() used on a route without @ApiKeyAuth()');
  return caller;
});

const errorExample = (code: string, message: string) => ({ example: { error: { code, message } } });

/** Bearer API key authentication for a controller or route, documented in Swagger. */
export const ApiKeyAuth = () =>
  applyDecorators(
    UseGuards(ApiKeyGuard),
    ApiBearerAuth('api-key'),
    ApiResponse({ status: 401, description: 'Missing, unknown or revoked API key.', schema: errorExample('unauthorized', 'the API key is not valid (unknown or revoked)') }),
  );
