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

/** JSON logs (pino) for every request and every Nest logger call. */
export function loggingModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Health probes would drown everything else.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  });
}
