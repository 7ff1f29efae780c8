import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller as CallerScope } from './api-key-view';

export type Caller = CallerScope;

/** The project + environment of the API key that ApiKeyGuard authenticated. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerScope => {
  const caller = ctx.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new Error('@Caller() used on a route without ApiKeyGuard');
  return caller;
});
