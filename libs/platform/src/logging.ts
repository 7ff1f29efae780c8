import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

// Paths never written to a log line: credentials and signing secrets.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-fastgen-signature"]',
  'req.headers["webhook-signature"]',
  '*.secret',
  '*.secrets',
  '*.key',
  '*.api_key',
  '*.password',
];

// Query parameters whose values are never written to a log line, whatever a client put there.
const SECRET_QUERY = /([?&](?:api_key|apikey|key|token|access_token|secret|password)=)[^&#]*/gi;

/** A request's URL as logged: the path and query, credential-like query values redacted. */
export function loggedUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/**
 * JSON logs (pino) for every Nest logger call, and one line per HTTP request: at `info` for the
 * requests that failed (4xx but 429, 5xx at `error`), at `debug` for the rest. Every `/v1` request is
 * kept anyway in the incoming-request log (queryable through the API and the dashboard); a line
 * per accepted event cost the gateway about a tenth of its CPU at 1,000 events/s.
 */
export function loggingModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Health probes would drown everything else.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') },
      // 429 is the admission control doing its job, possibly thousands of times a second.
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 && res.statusCode !== 429 ? 'info' : 'debug'),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
