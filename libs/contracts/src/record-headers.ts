// Kafka record headers every topic may carry. Values are optional: a consumer must accept a record
// without them, and a producer outside this system (an internal team) may set them to join a trace.

/** W3C Trace Context (https://www.w3.org/TR/trace-context/) in record headers. */
export const TRACE_CONTEXT_HEADERS = {
  traceparent: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    description:
      'W3C traceparent of the span that produced the record (`00-<trace id>-<parent span id>-<flags>`). Set when the producer traces ' +
      '(OTEL_* variables); consumers make their span a child of it, so one trace follows a message from POST /v1/events through ' +
      'the dispatcher (intake, each attempt) to the log. Internal teams may set it on what they publish and read it on what they consume.',
    examples: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  },
  tracestate: {
    type: 'string',
    description: 'W3C tracestate, vendor-specific trace data that travels with traceparent (rarely set).',
  },
} as const;
