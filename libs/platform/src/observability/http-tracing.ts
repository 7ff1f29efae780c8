import { type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Link, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { tracer, tracingEnabled } from './tracing';

const SPAN = Symbol('fastgen.httpSpan');
const UNTRACED = /^\/(healthz|readyz|metrics)(\/|\?|$)/;

type TracedRequest = FastifyRequest & { [SPAN]?: Span };

/**
 * A server span per HTTP request (probes and /metrics excepted), from routing to the response.
 * The API is public: a caller's `traceparent` does not make our spans part of its trace (it is
 * kept as a link); each request starts its own trace.
 */
export function installHttpTracing(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req: TracedRequest, _reply, done) => {
    if (!tracingEnabled() || UNTRACED.test(req.url)) return done();
    const route = req.routeOptions?.url;
    const caller = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, req.headers));
    const links: Link[] = caller ? [{ context: caller }] : [];
    req[SPAN] = tracer().startSpan(
      route ? `${req.method} ${route}` : req.method,
      {
        kind: SpanKind.SERVER,
        links,
        attributes: { 'http.request.method': req.method, 'url.path': req.url.split('?', 1)[0] ?? req.url, ...(route ? { 'http.route': route } : {}) },
      },
      ROOT_CONTEXT,
    );
    done();
  });
  fastify.addHook('onResponse', (req: TracedRequest, reply, done) => {
    const span = req[SPAN];
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

/** Makes the request's span the active context of its handler, so the spans it starts are children. */
export class HttpTraceContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const span = ctx.getType() === 'http' ? ctx.switchToHttp().getRequest<TracedRequest>()[SPAN] : undefined;
    if (!span) return next.handle();
    const active = trace.setSpan(context.active(), span);
    // Nest binds the handler to the async context in which handle() is called.
    return new Observable((subscriber) => context.with(active, () => next.handle().subscribe(subscriber)));
  }
}
