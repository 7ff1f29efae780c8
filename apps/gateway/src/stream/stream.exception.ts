import {
  ServiceError,
  ServiceErrorCode,
  assertUnreachable,
} from '@fastgen/platform';

export enum StreamErrorCode {
  INVALID_QUERY = 'invalid_query',
  INVALID_CURSOR = 'invalid_cursor',
  PRODUCTION_KEY = 'production_key',
}

/** The live stream's one exception; its code decides the HTTP status. */
export class StreamException extends ServiceError {
  constructor(
    readonly reason: StreamErrorCode,
    message: string,
    field?: string,
  ) {
    super(
      serviceCodeOf(reason),
      message,
      field ? [{ field, message }] : undefined,
    );
  }
}

function serviceCodeOf(reason: StreamErrorCode): ServiceErrorCode {
  switch (reason) {
    case StreamErrorCode.INVALID_QUERY:
    case StreamErrorCode.INVALID_CURSOR:
      return ServiceErrorCode.INVALID;
    case StreamErrorCode.PRODUCTION_KEY:
      return ServiceErrorCode.FORBIDDEN;
    default:
      return assertUnreachable(reason);
  }
}

/** Forwarding to a laptop is for development: production payloads never leave that way. */
export const PRODUCTION_REFUSED =
  'fastgen listen and the message stream work with development keys only: this is a production key. Use a fg_dev_ key (the dashboard shows deliveries of production without it).';
