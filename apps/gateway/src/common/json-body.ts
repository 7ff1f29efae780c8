import type { FastifyInstance } from 'fastify';
import { jsonDepthErrors } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';

/**
 * Fastify's JSON body parser (prototype-poisoning protection included), preceded by the nesting
 * limit: a body nested deeper than MAX_JSON_DEPTH is a 400 naming the limit, measured on the text
 * before anything recurses into it (a 10,000-deep body used to overflow the stack further down
 * and come back as a 503).
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const tooDeep = jsonDepthErrors(body as string, 'body');
    if (tooDeep.length > 0) return done(Object.assign(ServiceError.invalid(tooDeep, 'request body'), { statusCode: 400 }), undefined);
    return parse(req, body as string, done);
  });
}
