import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, type ApiKeyState } from '@fastgen/contracts';
import { APP_ENV, CompactedView, KAFKA, Readiness, type BaseEnv } from '@fastgen/platform';

const READINESS = 'api-keys-view';

/** The gateway's local view of API keys (config.api-keys.v1), indexed by key hash: auth never calls config. */
@Injectable()
export class ApiKeysView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeysView.name);
  private readonly byHash = new Map<string, ApiKeyState>();
  private readonly view: CompactedView<ApiKeyState>;

  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(APP_ENV) env: BaseEnv, private readonly readiness: Readiness) {
    this.view = new CompactedView<ApiKeyState>(kafka, TOPICS.config.apiKeys, {
      clientId: `gateway${env.KAFKA_CLIENT_ID_SUFFIX}`,
      onChange: (_id, previous, next) => {
        if (previous) this.byHash.delete(previous.key_hash);
        if (next) this.byHash.set(next.key_hash, next);
      },
    });
    readiness.waitFor(READINESS, 'loading API keys from config.api-keys.v1');
  }

  onApplicationBootstrap(): void {
    this.view.start().then(
      () => this.readiness.done(READINESS),
      (err) => this.logger.error(`API keys view failed: ${(err as Error).message}`),
    );
  }

  byKeyHash(hash: string): ApiKeyState | undefined {
    const key = this.byHash.get(hash);
    return key && key.revoked_at === null ? key : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}
