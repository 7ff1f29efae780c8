import { ServiceError } from '@fastgen/platform';

// Config's errors travel back to the gateway as ServiceError codes (mapped to HTTP there).
export const projectNotFound = () => ServiceError.notFound('project');
export const apiKeyNotFound = () => ServiceError.notFound('API key');
