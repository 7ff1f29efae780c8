// Example workflow runner (what an internal team would write): consumes calls of the `cv-score`
// route from gateway.workflow-requests.v1, scores the CV, and publishes a `cv-score-finished`
// message with the same id to events.messages.v1, which the dispatcher delivers like any event.
// Run: KAFKA_BROKERS=127.0.0.1:9092 KAFKA_TOPIC_PREFIX= npx tsx tools/workflow-runner/cv-scorer.ts
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
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

export async function startCvScorer(opts: { brokers: string; topicPrefix: string; groupId?: string }): Promise<Runner> {
  const kafka = new Kafka({ clientId: 'cv-scorer', brokers: opts.brokers.split(','), logLevel: logLevel.WARN });
  const producer: Producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
  const consumer: Consumer = kafka.consumer({ groupId: opts.groupId ?? `${opts.topicPrefix}cv-scorer` });
  await producer.connect();
  await consumer.connect();
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
  void startCvScorer({ brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092', topicPrefix: process.env['KAFKA_TOPIC_PREFIX'] ?? '' }).then((runner) => {
    process.once('SIGTERM', () => void runner.stop().then(() => process.exit(0)));
    process.once('SIGINT', () => void runner.stop().then(() => process.exit(0)));
  });
}
