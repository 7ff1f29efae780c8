import { InvalidEnvironment } from '../config/env';

export type TraceExporterName = 'otlp' | 'console';

export interface TracingSettings {
  /** Empty: tracing is off (no SDK, no span is recorded, no header is written). */
  exporters: TraceExporterName[];
  protocol: 'http/protobuf' | 'http/json';
}

const EXPORTERS = ['otlp', 'console', 'none'];
const PROTOCOLS = ['http/protobuf', 'http/json'];

/**
 * Reads the standard OpenTelemetry variables. Off unless asked for: OTEL_TRACES_EXPORTER=otlp
 * (or console), or an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT) with
 * OTEL_TRACES_EXPORTER unset. OTEL_SDK_DISABLED=true wins. The endpoint, headers, timeout,
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER and OTEL_BSP_* are read by the
 * SDK itself. A value we cannot honour stops the service at boot, naming the variable.
 */
export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const problems: string[] = [];
  const list = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of list) if (!EXPORTERS.includes(name)) problems.push(`OTEL_TRACES_EXPORTER must be a list of ${EXPORTERS.join(', ')} (got "${name}")`);
  const protocol = (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] || env['OTEL_EXPORTER_OTLP_PROTOCOL'] || 'http/protobuf').trim();
  if (!PROTOCOLS.includes(protocol)) problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${PROTOCOLS.join(', ')} (got "${protocol}"; grpc is not bundled)`);
  const disabled = (env['OTEL_SDK_DISABLED'] ?? '').trim().toLowerCase();
  if (disabled && disabled !== 'true' && disabled !== 'false') problems.push(`OTEL_SDK_DISABLED must be true or false (got "${disabled}")`);
  if (problems.length > 0) throw new InvalidEnvironment(problems);

  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const chosen = list.length > 0 ? list : endpoint ? ['otlp'] : [];
  const exporters = disabled === 'true' || chosen.includes('none') ? [] : ([...new Set(chosen)] as TraceExporterName[]);
  return { exporters, protocol: protocol as TracingSettings['protocol'] };
}
