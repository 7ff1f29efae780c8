import { Controller, Get, Inject, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA } from '../kafka/kafka.tokens';
import { Readiness } from './readiness';

@ApiExcludeController()
@Controller()
export class HealthController implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly readiness: Readiness,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Optional() private readonly db?: TypeOrmHealthIndicator,
  ) {}

  /** Liveness: the process answers. Never depends on other systems, so a broker outage does not restart every pod. */
  @Get('healthz')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Kafka and Postgres reachable and the service's own start-up conditions met. */
  @Get('readyz')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.kafkaCheck(), () => this.startupCheck()];
    if (this.db) checks.push(() => this.db!.pingCheck('postgres', { timeout: 2_000 }));
    return this.health.check(checks);
  }

  private async kafkaCheck() {
    const check = this.indicator.check('kafka');
    try {
      // One admin connection for the life of the process; dropped and rebuilt after a failure.
      this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      return check.up({ brokers: cluster.brokers.length });
    } catch (err) {
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      return check.down({ message: (err as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async startupCheck() {
    const check = this.indicator.check('startup');
    const unmet = this.readiness.unmet();
    return Object.keys(unmet).length === 0 ? check.up() : check.down(unmet);
  }
}
