import { Module } from '@nestjs/common';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { IntakeConsumer } from '../intake/intake.consumer';
import { DeliveryStore } from './delivery-store';
import { DeliveryWorker } from './delivery-worker.service';
import { allowAllUrlPolicy, URL_POLICY } from './url-policy';

// URL_POLICY: libs/net-policy is not on this branch yet; bind its connect-time check here once merged.
@Module({
  providers: [EndpointsView, DeliveryStore, DeliveryWorker, IntakeConsumer, { provide: URL_POLICY, useValue: allowAllUrlPolicy }],
})
export class DeliveryModule {}
