import { Module } from '@nestjs/common';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { IntakeConsumer } from '../intake/intake.consumer';
import { DeliveryStore } from './delivery-store';
import { DeliveryWorker } from './delivery-worker.service';
import { ScheduleBacklogMetrics } from './schedule-backlog.metrics';
import { APP_ENV, EventTypesView, urlPolicyFromEnv } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';
import { URL_POLICY, type UrlPolicy } from './url-policy';
import { ProjectBacklogReporter } from '../backlog/project-backlog.reporter';

// The SSRF guard again at connect time, with the same settings config used at creation
// (ENDPOINT_URL_POLICY, ENDPOINT_URL_ALLOWLIST): a host may resolve elsewhere since.
const urlPolicyProvider = {
  provide: URL_POLICY,
  inject: [APP_ENV],
  useFactory: (env: DispatcherEnv): UrlPolicy => urlPolicyFromEnv(env),
};

@Module({
  providers: [EndpointsView, EventTypesView, DeliveryStore, DeliveryWorker, IntakeConsumer, ProjectBacklogReporter, urlPolicyProvider, ScheduleBacklogMetrics],
})
export class DeliveryModule {}
