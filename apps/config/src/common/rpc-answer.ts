import type { Static, TSchema } from '@sinclair/typebox';
import type { Contract, RpcReply } from '@fastgen/contracts';
import { answerRpc } from '@fastgen/platform';
import type { StatePublisher } from '../state/state-publisher';

/** answerRpc, once the boot-time state publication is done (so it cannot overwrite a newer change). */
export function answerAfterSync<Req extends TSchema, Res extends TSchema>(
  state: StatePublisher,
  spec: { pattern: string; request: Contract<Req>; response: Contract<Res> },
  envelope: unknown,
  handler: (request: Static<Req>) => Promise<Static<Res>>,
): Promise<RpcReply<Static<Res>>> {
  return answerRpc(spec, envelope, async (request) => {
    await state.synced;
    return handler(request);
  });
}
