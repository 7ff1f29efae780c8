import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { metricsRegistry } from '../health/metrics-server';
import type { MetricDefinition } from './catalogue';

/** The registry of this service process: the one `/metrics` serves. */
export function serviceRegistry(): Registry {
  return metricsRegistry;
}

// Metrics are registered on first use, not at import: a process registers only what it records,
// and two modules using the same definition share one metric instead of colliding.
function registered<M>(def: MetricDefinition, create: (registry: Registry) => M): () => M {
  let metric: M | undefined;
  return () => {
    metric ??= (serviceRegistry().getSingleMetric(def.name) as M | undefined) ?? create(serviceRegistry());
    return metric;
  };
}

export function counter<L extends string>(def: MetricDefinition<L>): () => Counter<L> {
  return registered(def, (r) => new Counter<L>({ name: def.name, help: def.help, labelNames: def.labelNames, registers: [r] }));
}

export function gauge<L extends string>(def: MetricDefinition<L>): () => Gauge<L> {
  return registered(def, (r) => new Gauge<L>({ name: def.name, help: def.help, labelNames: def.labelNames, registers: [r] }));
}

export function histogram<L extends string>(def: MetricDefinition<L>): () => Histogram<L> {
  return registered(def, (r) => new Histogram<L>({ name: def.name, help: def.help, labelNames: def.labelNames, buckets: [...(def.buckets ?? [])], registers: [r] }));
}

/** 2xx..5xx, or `none` when no response came back (timeout, refused, connection error). */
export function statusClass(status: number | null | undefined): string {
  if (status === null || status === undefined || status < 100 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx`;
}
