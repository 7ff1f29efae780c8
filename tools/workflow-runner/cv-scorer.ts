// EXAMPLE workflow runner: what an internal team would write, and replace with its own service.
// It consumes calls of the `cv-score` route from gateway.workflow-requests.v1, scores the CV, and
// publishes a `cv-score-finished` message with the same id to events.messages.v1, which the
// dispatcher delivers like any event. `npm start` runs it as a fifth process
// (`npm start -- --no-example-runner` leaves it out); on its own, from the repository root:
//   KAFKA_BROKERS=127.0.0.1:9092 KAFKA_TOPIC_PREFIX= npm run workflow-runner
// which is `SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/workflow-runner/cv-scorer.ts`.
// With PORT set it answers GET /healthz and GET /readyz (200 once it has joined its consumer group).
import { createServer } from 'node:http';
import { Kafka, Partitioners, logLevel, type Consumer, type Producer } from 'kafkajs';
import { TOPICS, type WebhookMessage, type WorkflowRequest } from '@fastgen/contracts';

export const ROUTE = 'cv-score';
export const RESULT_EVENT = 'cv-score-finished';

export interface CvScore {
  candidate_id: string | null;
  score: number;
  matched: string[];
}

/** A transparent toy score: the share of the wanted keywords that occur in the CV text. */
export function scoreCv(body: unknown): CvScore {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { candidate_id?: unknown; cv_text?: unknown; keywords?: unknown };
  const text = typeof b.cv_text === 'string' ? b.cv_text.toLowerCase() : '';
  const keywords = Array.isArray(b.keywords) ? b.keywords.filter((k): k is string => typeof k === 'string') : [];
  const matched = keywords.filter((k) => text.includes(k.toLowerCase()));
  return {
    candidate_id: typeof b.candidate_id === 'string' ? b.candidate_id : null,
    score: keywords.length ? Math.round((matched.length / keywords.length) * 100) / 100 : 0,
    matched,
  };
}

export interface Runner {
  stop(): Promise<void>;
}

export async function startCvScorer(opts: { brokers: string; topicPrefix: string; groupId?: string; onJoin?: () => void }): Promise<Runner> {
  const kafka = new Kafka({ clientId: 'cv-scorer', brokers: opts.brokers.split(','), logLevel: logLevel.WARN });
  const producer: Producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer: Consumer = kafka.consumer({ groupId: opts.groupId ?? `${opts.topicPrefix}cv-scorer` });
  await producer.connect();
  await consumer.connect();
  if (opts.onJoin) consumer.on(consumer.events.GROUP_JOIN, opts.onJoin);
  await consumer.subscribe({ topic: opts.topicPrefix + TOPICS.gateway.workflowRequests.name, fromBeginning: true });
  await consumer.run({
    // The offset is committed after the handler returns: a crash before the publish replays the
    // request, and the same id makes the replay harmless downstream.
    eachMessage: async ({ message }) => {
      const errors = message.value ? TOPICS.gateway.workflowRequests.contract.errors(JSON.parse(message.value.toString())) : [{ field: '', message: 'empty' }];
      if (errors.length > 0) return; // not ours to fix; the gateway validates what it publishes
      const request = JSON.parse(message.value!.toString()) as WorkflowRequest;
      if (request.route !== ROUTE) return;
      const result: WebhookMessage = {
        id: request.id,
        project_id: request.project_id,
        environment: request.environment,
        event: RESULT_EVENT,
        payload: scoreCv(request.body),
        created_at: new Date().toISOString(),
        source: 'workflow',
      };
      TOPICS.events.messages.contract.parse(result);
      await producer.send({ topic: opts.topicPrefix + TOPICS.events.messages.name, acks: -1, messages: [{ key: result.id, value: JSON.stringify(result) }] });
    },
  });
  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

if (require.main === module) {
  let joined = false;
  const port = process.env['PORT'];
  const health = port
    ? createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/healthz') res.writeHead(200).end('ok');
        else if (path === '/readyz') res.writeHead(joined ? 200 : 503).end(joined ? 'ready' : 'joining the consumer group');
        else res.writeHead(404).end();
      }).listen(Number(port), process.env['HOST'] ?? '127.0.0.1')
    : undefined;
  startCvScorer({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    topicPrefix: process.env['KAFKA_TOPIC_PREFIX'] ?? '',
    onJoin: () => (joined = true),
  }).then(
    (runner) => {
      console.log(`cv-scorer: consuming ${process.env['KAFKA_TOPIC_PREFIX'] ?? ''}${TOPICS.gateway.workflowRequests.name} (route "${ROUTE}")`);
      const stop = () => void runner.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err: unknown) => {
      console.error(`cv-scorer: could not start: ${err instanceof Error ? err.message : String(err)}`);
      health?.close();
      process.exit(1);
    },
  );
}
