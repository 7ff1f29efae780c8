import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, type EndpointState } from '@fastgen/contracts';
import { APP_ENV, CompactedView, KAFKA, Readiness, type BaseEnv } from '@fastgen/platform';

const READINESS = 'endpoints-view';

/** Which endpoint belongs to whom (config.endpoints.v1), for POST /v1/endpoints/{id}/test without a round trip. */
@Injectable()
export class GatewayEndpointsView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GatewayEndpointsView.name);
  private readonly view: CompactedView<EndpointState>;

  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(APP_ENV) env: BaseEnv, private readonly readiness: Readiness) {
    this.view = new CompactedView<EndpointState>(kafka, TOPICS.config.endpoints, {
      clientId: `gateway${env.KAFKA_CLIENT_ID_SUFFIX}`,
      version: (e) => e.version,
    });
    readiness.waitFor(READINESS, 'loading endpoints from config.endpoints.v1');
  }

  onApplicationBootstrap(): void {
    this.view.start().then(
      () => this.readiness.done(READINESS),
      (err) => this.logger.error(`endpoints view failed: ${(err as Error).message}`),
    );
  }

  /** The endpoint if it exists in this project + environment (another tenant's is "not found"). */
  async find(scope: { project_id: string; environment: string }, id: string): Promise<EndpointState | undefined> {
    let e = this.view.get(id);
    if (!e) {
      await this.view.catchUp(2_000).catch(() => false); // just created? read our writes
      e = this.view.get(id);
    }
    return e && e.project_id === scope.project_id && e.environment === scope.environment ? e : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}
