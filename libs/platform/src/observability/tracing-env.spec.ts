import { InvalidEnvironment } from '../config/env';
import { tracingSettings } from './tracing-env';

describe('tracingSettings (standard OTEL_* variables)', () => {
  it('is off when nothing asks for it', () => {
    expect(tracingSettings({}).exporters).toEqual([]);
  });

  it('turns OTLP on when an OTLP endpoint is set and OTEL_TRACES_EXPORTER is not', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ exporters: ['otlp'], protocol: 'http/protobuf' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).exporters).toEqual(['otlp']);
  });

  it('follows OTEL_TRACES_EXPORTER, none and OTEL_SDK_DISABLED winning', () => {
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp,console' }).exporters).toEqual(['otlp', 'console']);
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).exporters).toEqual([]);
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).exporters).toEqual([]);
  });

  it('reads the OTLP protocol, the traces-specific variable first', () => {
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol).toBe('http/json');
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).protocol).toBe('http/protobuf');
  });

  it('refuses values it cannot honour, naming the variable', () => {
    expect(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(InvalidEnvironment);
    expect(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL.*grpc/);
    expect(() => tracingSettings({ OTEL_SDK_DISABLED: 'yes' })).toThrow(/OTEL_SDK_DISABLED/);
  });
});
