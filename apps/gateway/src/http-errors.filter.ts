import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, ServiceError, ServiceErrorCode } from '@fastgen/platform';
import { RouteTable } from './http/route-table';

export interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

/**
 * The one place errors become HTTP responses: ServiceError codes map to statuses, Nest and
 * Fastify client errors (bad JSON, body too large, wrong content type) keep their 4xx, and
 * anything else is a 500 that is logged, never shown.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorsFilter.name);

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const [status, body] = request.is404 ? this.noRoute(request, reply) : this.toResponse(exception);
    if (exception instanceof ServiceError && exception.retryAfterSeconds !== undefined) void reply.header('retry-after', String(exception.retryAfterSeconds));
    if (status >= 500 && status !== 503) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    // Unavailable (broker or database down) is temporary: tell clients when to come back.
    if (status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', '5');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  /**
   * No route matched: 405 with `Allow` when the path exists with other methods, 404 otherwise.
   * The message names the path only: a query string may carry a key and is never echoed.
   */
  private noRoute(request: FastifyRequest, reply: FastifyReply): [number, ErrorBody] {
    const path = request.url.split('?')[0] ?? '';
    const shown = path.length > 200 ? `${path.slice(0, 200)}...` : path;
    const allowed = this.routes.allowed(path);
    if (allowed.length > 0) {
      void reply.header('allow', allowed.join(', '));
      return [405, { error: { code: 'method_not_allowed', message: `${request.method} is not allowed on ${shown}; allowed: ${allowed.join(', ')}` } }];
    }
    return [404, { error: { code: 'not_found', message: `no route ${request.method} ${shown}` } }];
  }

  private toResponse(exception: unknown): [number, ErrorBody] {
    if (exception instanceof ServiceError) {
      // A request that expired in another service's queue is as temporary as an unavailable one.
      const status = exception.code === ServiceErrorCode.TIMEOUT ? 503 : httpStatusOf(exception.code);
      return [status, { error: { code: exception.code, message: exception.message, fields: exception.fields } }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return [status, { error: { code: codeOf(status), message: Array.isArray(message) ? message.join('; ') : String(message) } }];
    }
    const fastifyStatus = (exception as { statusCode?: unknown }).statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return [fastifyStatus, { error: { code: codeOf(fastifyStatus), message: (exception as Error).message } }];
    }
    return [500, { error: { code: 'internal', message: 'internal error' } }];
  }
}

function codeOf(status: number): ServiceErrorCode | string {
  const codes: Record<number, string> = {
    400: 'invalid',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'unprocessable',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'invalid');
}
