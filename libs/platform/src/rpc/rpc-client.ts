import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { firstValueFrom, timeout as rxTimeout } from 'rxjs';
import type { Static, TSchema } from '@sinclair/typebox';
import { replyTopic, topicName, type Contract, type RpcReply, type RpcSpec } from '@fastgen/contracts';
import { ServiceError, ServiceErrorCode } from '../errors';
import { Readiness } from '../health/readiness';
import { retry } from '../retry/retry';

export interface RpcEnvelope<T> {
  /** Epoch ms after which the server must not act on the request any more. */
  expires_at: number;
  data: T;
}

export const RPC_CLIENT_KAFKA = Symbol('RPC_CLIENT_KAFKA');
export const RPC_SPECS = Symbol('RPC_SPECS');

const READY_KEY = 'rpc-replies';

/**
 * Request-reply over Kafka for management and log queries. It waits, before the service reports
 * ready, until every reply topic is assigned to it, so the first request after start cannot hit
 * "not assigned to any partitions".
 */
@Injectable()
export class RpcClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);

  constructor(
    @Inject(RPC_CLIENT_KAFKA) private readonly client: ClientKafka,
    @Inject(RPC_SPECS) private readonly specs: readonly RpcSpec[],
    private readonly readiness: Readiness,
  ) {
    readiness.waitFor(READY_KEY, 'reply topics not assigned yet');
  }

  async onModuleInit(): Promise<void> {
    for (const spec of this.specs) this.client.subscribeToResponseOf(topicName(spec.pattern));
    // Connect in the background: readiness reports until then, and a broker that is down at boot
    // does not keep the HTTP server (and /healthz) from starting.
    void this.connectUntilAssigned();
  }

  private async connectUntilAssigned(): Promise<void> {
    const wanted = this.specs.map((s) => replyTopic(topicName(s.pattern)));
    await retry(() => this.client.connect(), { what: 'connecting the rpc client', initialMs: 250, maxMs: 2_000, logger: this.logger });
    for (;;) {
      const assigned = this.client.getConsumerAssignments();
      if (wanted.every((t) => assigned[t] !== undefined)) {
        this.readiness.done(READY_KEY);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async send<Req extends TSchema, Res extends TSchema>(
    spec: { pattern: string; request: Contract<Req>; response: Contract<Res> },
    request: Static<Req>,
    timeoutMs = 5_000,
  ): Promise<Static<Res>> {
    spec.request.parse(request);
    const envelope: RpcEnvelope<Static<Req>> = { expires_at: Date.now() + timeoutMs, data: request };
    let reply: RpcReply<Static<Res>>;
    try {
      reply = await firstValueFrom(this.client.send(topicName(spec.pattern), envelope).pipe(rxTimeout(timeoutMs)));
    } catch (err) {
      // Clients learn which service is away, never topic names or internal messages.
      const service = `the ${spec.pattern.split('.')[0]} service`;
      const name = (err as Error).name;
      if (name === 'TimeoutError') {
        throw new ServiceError(ServiceErrorCode.UNAVAILABLE, `${service} did not answer within ${timeoutMs} ms; retry later`);
      }
      this.logger.warn(`${spec.pattern} failed: ${(err as Error).message}`);
      throw new ServiceError(ServiceErrorCode.UNAVAILABLE, `${service} is unavailable right now; retry later`);
    }
    if (reply.error) throw new ServiceError(reply.error.code as ServiceErrorCode, reply.error.message, reply.error.fields);
    return reply.data as Static<Res>;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
