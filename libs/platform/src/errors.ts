import type { FieldError } from '@fastgen/contracts';

// Error codes that cross service boundaries (request-reply replies) and map to HTTP statuses in
// the gateway. Features throw ServiceError with one of these; nothing else leaks as a 5xx.
export enum ServiceErrorCode {
  INVALID = 'invalid', // 400
  UNAUTHORIZED = 'unauthorized', // 401
  FORBIDDEN = 'forbidden', // 403
  NOT_FOUND = 'not_found', // 404
  CONFLICT = 'conflict', // 409
  PAYLOAD_TOO_LARGE = 'payload_too_large', // 413
  UNSUPPORTED_MEDIA_TYPE = 'unsupported_media_type', // 415
  UNPROCESSABLE = 'unprocessable', // 422
  RATE_LIMITED = 'rate_limited', // 429
  UNAVAILABLE = 'unavailable', // 503
  TIMEOUT = 'timeout', // 504
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** For RATE_LIMITED and UNAVAILABLE: when the client may try again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  static invalid(fields: FieldError[], what = 'request'): ServiceError {
    const summary = fields.map((f) => (f.field ? `${f.field} ${f.message}` : f.message)).join('; ');
    return new ServiceError(ServiceErrorCode.INVALID, `invalid ${what}: ${summary}`, fields);
  }

  static notFound(what: string): ServiceError {
    return new ServiceError(ServiceErrorCode.NOT_FOUND, `${what} not found`);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}

export function httpStatusOf(code: ServiceErrorCode): number {
  switch (code) {
    case ServiceErrorCode.INVALID:
      return 400;
    case ServiceErrorCode.UNAUTHORIZED:
      return 401;
    case ServiceErrorCode.FORBIDDEN:
      return 403;
    case ServiceErrorCode.NOT_FOUND:
      return 404;
    case ServiceErrorCode.CONFLICT:
      return 409;
    case ServiceErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ServiceErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case ServiceErrorCode.UNPROCESSABLE:
      return 422;
    case ServiceErrorCode.RATE_LIMITED:
      return 429;
    case ServiceErrorCode.UNAVAILABLE:
      return 503;
    case ServiceErrorCode.TIMEOUT:
      return 504;
    default:
      return assertUnreachable(code);
  }
}
