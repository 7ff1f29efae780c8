import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The service's Prometheus registry: process metrics by default; features register their own. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

@ApiExcludeController()
@Controller()
export class MetricsController {
  @Get('metrics')
  @Header('content-type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
