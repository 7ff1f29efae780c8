import type { FastifyInstance } from 'fastify';
import { valueDepthErrors } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';

/**
 * The nesting limit of request bodies: a body nested deeper than MAX_JSON_DEPTH is a 400 naming
 * the limit, measured without recursion right after parsing (JSON.parse itself does not recurse),
 * before anything that recurses (validators, JSON.stringify, signing) sees it. A 10,000-deep body
 * used to overflow the stack further down and come back as a 503.
 */
export function installBodyDepthLimit(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (req) => {
    if (req.body === null || typeof req.body !== 'object') return;
    const tooDeep = valueDepthErrors(req.body, 'body');
    if (tooDeep.length > 0) throw ServiceError.invalid(tooDeep, 'request body');
  });
}
