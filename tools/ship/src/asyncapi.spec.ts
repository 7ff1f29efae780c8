import * as fs from 'node:fs';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { parse } from 'yaml';
import { ALL_RPC, ALL_TOPICS, TRACE_CONTEXT_HEADERS, replyTopic } from '@fastgen/contracts';
import { ASYNCAPI_FILE, renderAsyncApi } from './asyncapi/build-asyncapi';

describe('docs/asyncapi.yaml', () => {
  const committed = fs.readFileSync(ASYNCAPI_FILE, 'utf8');
  let parsed: Awaited<ReturnType<Parser['parse']>>;
  beforeAll(async () => {
    parsed = await new Parser().parse(committed);
  });

  it('is exactly what libs/contracts generates (run `npm run asyncapi` after changing a contract)', () => {
    // toBe and not toEqual: the message points at the first differing line.
    if (committed !== renderAsyncApi()) {
      const a = committed.split('\n');
      const b = renderAsyncApi().split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `docs/asyncapi.yaml is out of date with libs/contracts (first difference at line ${line + 1}: ` +
          `committed ${JSON.stringify(a[line])}, generated ${JSON.stringify(b[line])}). Run \`npm run asyncapi\` and commit it.`,
      );
    }
  });

  it('is a valid AsyncAPI 3 document', () => {
    const { document, diagnostics } = parsed;
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('describes every topic with its key, partitions, cleanup policy, producers, consumers and schema', () => {
    const { document } = parsed;
    const channels = document!.channels().all();
    for (const topic of ALL_TOPICS) {
      const channel = channels.find((c) => c.address() === topic.name);
      expect(channel).toBeDefined();
      const json = channel!.json() as Record<string, any>;
      expect(json['bindings'].kafka.partitions).toBe(topic.partitions);
      expect(json['bindings'].kafka.topicConfiguration['cleanup.policy']).toEqual([topic.cleanupPolicy]);
      expect(json['x-producers']).toEqual(topic.producers);
      expect(json['x-consumers']).toEqual(topic.consumers);
      const message = channel!.messages().all()[0]!;
      expect(message.name()).toBe(topic.contract.name);
      expect((message.json() as any).bindings.kafka.key.description).toBe(topic.key);
      // The payload is the very schema the producers and consumers validate against.
      const raw = parse(committed) as { components: { messages: Record<string, { payload: unknown }> } };
      expect(raw.components.messages[topic.contract.name]!.payload).toEqual(JSON.parse(JSON.stringify(topic.contract.schema)));
      const actions = document!.operations().all().filter((o) => o.channels().all().some((c) => c.address() === topic.name));
      expect(actions.map((o) => o.action()).sort()).toEqual(['receive', 'send']);
    }
  });

  it('documents the optional W3C traceparent header on the records of every topic', () => {
    const raw = parse(committed) as { components: { messages: Record<string, { headers?: { properties: Record<string, { pattern?: string }> } }> } };
    for (const topic of ALL_TOPICS) {
      const headers = raw.components.messages[topic.contract.name]!.headers;
      expect(headers?.properties['traceparent']?.pattern).toBe(TRACE_CONTEXT_HEADERS.traceparent.pattern);
      expect(new RegExp(headers!.properties['traceparent']!.pattern!).test(TRACE_CONTEXT_HEADERS.traceparent.examples[0])).toBe(true);
    }
  });

  it('describes every request-reply pattern with its request and reply channels', () => {
    const { document } = parsed;
    const addresses = document!.channels().all().map((c) => c.address());
    for (const rpc of ALL_RPC) {
      expect(addresses).toContain(rpc.pattern);
      expect(addresses).toContain(replyTopic(rpc.pattern));
      const op = document!.operations().all().find((o) => o.channels().all().some((c) => c.address() === rpc.pattern));
      expect(op?.reply()?.channel()?.address()).toBe(replyTopic(rpc.pattern));
    }
  });
});
