import { ServiceError, ServiceErrorCode } from '@fastgen/platform';

export enum LogErrorCode {
  MESSAGE_NOT_FOUND = 'message_not_found',
  DELIVERY_NOT_FOUND = 'delivery_not_found',
  INVALID_CURSOR = 'invalid_cursor',
  INVALID_RANGE = 'invalid_range',
  NOTHING_TO_RETRY = 'nothing_to_retry',
  MESSAGE_NOT_RECORDED = 'message_not_recorded',
}

/** The log feature's one exception; its code decides the service error (and so the HTTP status). */
export class LogException extends ServiceError {
  constructor(
    readonly reason: LogErrorCode,
    message: string,
    field?: string,
  ) {
    super(serviceCodeOf(reason), message, field ? [{ field, message }] : undefined);
  }
}

function serviceCodeOf(reason: LogErrorCode): ServiceErrorCode {
  switch (reason) {
    case LogErrorCode.MESSAGE_NOT_FOUND:
    case LogErrorCode.DELIVERY_NOT_FOUND:
      return ServiceErrorCode.NOT_FOUND;
    case LogErrorCode.INVALID_CURSOR:
    case LogErrorCode.INVALID_RANGE:
      return ServiceErrorCode.INVALID;
    case LogErrorCode.NOTHING_TO_RETRY:
    case LogErrorCode.MESSAGE_NOT_RECORDED:
      return ServiceErrorCode.CONFLICT;
  }
}
