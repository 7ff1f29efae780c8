import { Logger } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Contract, RpcReply } from '@fastgen/contracts';
import { permanentReasonOf } from '../kafka/permanent-errors';
import { ServiceError, ServiceErrorCode } from '../errors';
import type { RpcEnvelope } from './rpc-client';

const logger = new Logger('rpc');

interface Spec<Req extends TSchema, Res extends TSchema> {
  pattern: string;
  request: Contract<Req>;
  response: Contract<Res>;
}

/**
 * Wraps a request-reply handler: drops requests whose caller has given up, validates the request
 * and the response against the contract, and turns errors into an RpcReply the caller can map.
 */
export async function answerRpc<Req extends TSchema, Res extends TSchema>(
  spec: Spec<Req, Res>,
  envelope: unknown,
  handler: (request: Static<Req>) => Promise<Static<Res>>,
): Promise<RpcReply<Static<Res>>> {
  const { expires_at, data } = (envelope ?? {}) as Partial<RpcEnvelope<unknown>>;
  if (typeof expires_at === 'number' && Date.now() > expires_at) {
    // The caller has already answered its client with a timeout; acting now would surprise it.
    logger.warn(`dropping expired ${spec.pattern} request`);
    return { error: { code: ServiceErrorCode.TIMEOUT, message: 'request expired before it was handled' } };
  }
  const problems = spec.request.errors(data);
  if (problems.length > 0) {
    const err = ServiceError.invalid(problems);
    return { error: { code: err.code, message: err.message, fields: err.fields } };
  }
  try {
    const result = await handler(data as Static<Req>);
    spec.response.parse(result);
    return { data: result };
  } catch (err) {
    if (err instanceof ServiceError) {
      return { error: { code: err.code, message: err.message, fields: err.fields } };
    }
    logger.error(`${spec.pattern} failed: ${(err as Error).stack ?? err}`);
    // A value the database refuses for good (or too deep to serialise) would fail again: the
    // request is at fault, and retrying later cannot help. Nothing internal is named.
    if (permanentReasonOf(err) !== null) {
      return { error: { code: ServiceErrorCode.INVALID, message: 'invalid request: a value in it cannot be stored' } };
    }
    return { error: { code: ServiceErrorCode.UNAVAILABLE, message: 'internal error; try again' } };
  }
}
