import { ServiceError, ServiceErrorCode } from '@fastgen/platform';

export const eventTypeNotFound = () => ServiceError.notFound('event type');
export const eventTypeExists = (name: string) =>
  new ServiceError(ServiceErrorCode.CONFLICT, `event type ${name} already exists in this environment`, [{ field: 'name', message: 'already exists' }]);
