import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import { METRICS } from './catalogue';
import { counter, histogram, statusClass } from './metrics';
import { BoundedMap, tracer, tracingEnabled, withRecordSpans, type TracedRecord } from './tracing';

// The dispatcher's metrics and spans, behind a few calls the delivery code makes (intake, attempt
// start and end, endpoint disabled, outbox relay), so that the delivery code stays about delivery.

const attempts = counter(METRICS.deliveryAttempts);
const attemptDuration = histogram(METRICS.attemptDuration);
const latency = histogram(METRICS.deliveryLatency);
const finished = counter(METRICS.deliveriesFinished);
const disabled = counter(METRICS.endpointsDisabled);

// Per message, from intake to its attempts: when it was accepted (the Kafka record timestamp) and
// the intake span. In memory and bounded: an attempt made later than that, on another replica or
// after a restart, falls back to the job's creation time and starts a trace of its own.
interface Received {
  acceptedAt: number;
  context?: Context;
}
const received = new BoundedMap<string, Received>(50_000);
// The attempt span of each outcome, until the outbox relay publishes the outcome (log write spans).
const outcomeContexts = new BoundedMap<string, Record<string, string>>(20_000);

export type AttemptOutcomeLabel = 'success' | 'http_error' | 'timeout' | 'network_error' | 'refused';

export function attemptOutcome(status: number | null, error: string | null): AttemptOutcomeLabel {
  if (status !== null) return status >= 200 && status < 300 ? 'success' : 'http_error';
  if (error?.includes('timeout')) return 'timeout';
  if (error?.startsWith('refused address')) return 'refused';
  return 'network_error';
}

/** `url.full` as recorded on spans: no credentials, no query string or fragment (they may hold secrets). */
export function spanUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'invalid-url';
  }
}

export interface IntakeRecord extends TracedRecord {
  timestamp: string;
}

export interface AttemptJob {
  message_id: string;
  endpoint_id: string;
  trigger: 'scheduled' | 'manual';
  created_at: Date;
}

export interface AttemptResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface AttemptTelemetry {
  /** The HTTP attempt is over and its delivery state decided; `outcomeId` is the published AttemptOutcome's id. */
  finished(result: AttemptResult, deliveryStatus: 'succeeded' | 'retrying' | 'failed' | 'pending', outcomeId: string): void;
}

export const deliveryTelemetry = {
  /**
   * Wraps the intake of one batch of messages (records keyed by message id): remembers when each
   * was accepted and, with tracing on, gives each an intake span (child of the produce span).
   */
  intake<T>(topic: string, records: readonly IntakeRecord[], fn: () => Promise<T>): Promise<T> {
    for (const r of records) if (r.key) received.set(r.key.toString(), { acceptedAt: Number(r.timestamp) });
    return withRecordSpans('dispatcher intake', topic, records, fn, (record, span) => {
      const seen = record.key ? received.get(record.key.toString()) : undefined;
      if (seen) seen.context = trace.setSpan(context.active(), span);
    });
  },

  attemptStarted(job: AttemptJob, url: string, attemptNumber: number): AttemptTelemetry {
    const seen = received.get(job.message_id);
    const acceptedAt = seen?.acceptedAt ?? job.created_at.getTime();
    let span: Span | undefined;
    let startedAt = 0;
    if (tracingEnabled()) {
      startedAt = Date.now();
      const full = spanUrl(url);
      span = tracer().startSpan(
        'POST',
        {
          kind: SpanKind.CLIENT,
          startTime: startedAt,
          attributes: {
            'http.request.method': 'POST',
            'url.full': full,
            'server.address': full.startsWith('invalid') ? '' : new URL(full).hostname,
            'webhook.message_id': job.message_id,
            'webhook.endpoint_id': job.endpoint_id,
            'webhook.attempt': attemptNumber,
            'webhook.trigger': job.trigger,
          },
        },
        seen?.context,
      );
    }
    return {
      finished(result, deliveryStatus, outcomeId) {
        const outcome = attemptOutcome(result.status, result.error);
        attempts().inc({ outcome, status_class: statusClass(result.status) });
        attemptDuration().observe({ outcome }, result.durationMs / 1000);
        if (job.trigger === 'scheduled') {
          if (deliveryStatus === 'succeeded') latency().observe(Math.max(0, Date.now() - acceptedAt) / 1000);
          if (deliveryStatus === 'succeeded' || deliveryStatus === 'failed') finished().inc({ status: deliveryStatus });
        }
        if (!span) return;
        if (result.status !== null) span.setAttribute('http.response.status_code', result.status);
        if (outcome !== 'success') {
          span.setAttribute('error.type', result.status !== null ? String(result.status) : outcome);
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? `HTTP ${result.status}` });
        }
        span.setAttribute('webhook.delivery_status', deliveryStatus);
        span.end(startedAt + result.durationMs);
        const headers: Record<string, string> = {};
        propagation.inject(trace.setSpan(context.active(), span), headers);
        outcomeContexts.set(outcomeId, headers);
      },
    };
  },

  endpointDisabled(reason: 'gone' | 'failing'): void {
    disabled().inc({ reason });
  },

  /** Headers (`traceparent`) for publishing an attempt outcome: its log write joins the attempt's trace. */
  outcomeHeaders(outcomeId: string): Record<string, string> | undefined {
    return tracingEnabled() ? outcomeContexts.take(outcomeId) : undefined;
  },
};
