import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOPICS, type IncomingRequest } from '@fastgen/contracts';
import { KafkaProducer } from '@fastgen/platform';

const BODY_EXCERPT_BYTES = 4096;
const REDACTED_HEADERS = new Set(['authorization', 'cookie', 'x-api-key']);

/** What authentication and the route handlers leave on the request for the incoming log. */
export interface IncomingRequestTrace {
  project_id?: string;
  environment?: 'development' | 'production';
  message_id?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    trace?: IncomingRequestTrace;
  }
}

/**
 * Publishes one record per API request to the incoming-requests topic once the response is
 * sent. Logging never fails a request: a record that cannot be published is reported and dropped.
 */
@Injectable()
export class IncomingRequestRecorder {
  private readonly logger = new Logger(IncomingRequestRecorder.name);

  constructor(private readonly producer: KafkaProducer) {}

  shouldRecord(url: string): boolean {
    return url.startsWith('/v1/');
  }

  record(req: FastifyRequest, reply: FastifyReply): void {
    const trace = req.trace ?? {};
    const record: IncomingRequest = {
      id: randomUUID(),
      project_id: trace.project_id ?? null,
      environment: trace.environment ?? null,
      received_at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      method: req.method,
      path: req.url,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 100) / 100,
      message_id: trace.message_id ?? null,
      idempotency_key: headerValue(req.headers['idempotency-key']),
      headers: redactedHeaders(req.headers),
      body_excerpt: bodyExcerpt(req.body),
      source_ip: req.ip ?? null,
    };
    this.producer
      .send(TOPICS.gateway.incomingRequests, [{ key: record.project_id ?? 'anonymous', value: record }])
      .catch((err) => this.logger.warn(`incoming request not logged: ${(err as Error).message}`));
  }
}

function headerValue(v: string | string[] | undefined): string | null {
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

function redactedHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : (headerValue(value) ?? '');
  }
  return out;
}

function bodyExcerpt(body: unknown): string {
  if (body === undefined || body === null) return '';
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
  return Buffer.byteLength(text) <= BODY_EXCERPT_BYTES ? text : Buffer.from(text).subarray(0, BODY_EXCERPT_BYTES).toString('utf8');
}
