import { ServiceError } from '@fastgen/platform';

export const endpointNotFound = () => ServiceError.notFound('endpoint');
