import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOPICS, type IncomingRequest } from '@fastgen/contracts';
import { APP_ENV, KafkaProducer } from '@fastgen/platform';
import type { GatewayEnv } from '../gateway.env';
import { RefusalDigest } from './refusal-digest';

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
 * sent, except that a flood of 429s is folded per project environment and second (RefusalDigest).
 * Logging never fails a request: a record that cannot be published is reported and dropped.
 */
@Injectable()
export class IncomingRequestRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(IncomingRequestRecorder.name);
  private readonly refusals: RefusalDigest;
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly producer: KafkaProducer,
    @Inject(APP_ENV) env: GatewayEnv,
  ) {
    this.refusals = new RefusalDigest(env.INCOMING_LOG_REFUSALS_PER_SECOND);
  }

  onModuleInit(): void {
    // A folded second is published when it ends, even if its client has stopped sending.
    this.flushTimer = setInterval(() => this.publish(this.refusals.flush(Date.now())), 250);
    this.flushTimer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.flushTimer);
    this.publish(this.refusals.flush(Date.now(), true));
  }

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
    if (record.status !== 429) return this.publish([record]);
    const scope = record.project_id ? `${record.project_id}/${record.environment}` : `ip:${record.source_ip}`;
    this.publish(this.refusals.offer(scope, record, Date.now()));
  }

  private publish(records: IncomingRequest[]): void {
    if (records.length === 0) return;
    this.producer
      .send(
        TOPICS.gateway.incomingRequests,
        records.map((value) => ({ key: value.project_id ?? 'anonymous', value })),
      )
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
