import { TOPICS, topicName, type WebhookMessage } from '@fastgen/contracts';
import type { ConsumedRecord, DurableConsumerOptions } from '@fastgen/platform';
import type { NewJob } from '../delivery/delivery-store';
import { IntakeConsumer } from './intake.consumer';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const E1 = '22222222-2222-4222-8222-222222222222';
const E2 = '33333333-3333-4333-8333-333333333333';

function message(id: string, source: WebhookMessage['source'] = 'api'): ConsumedRecord<WebhookMessage> {
  return {
    topic: topicName(TOPICS.events.messages),
    partition: 0,
    offset: '0',
    key: id,
    headers: {},
    timestamp: String(Date.now()),
    value: { id, project_id: PROJECT, environment: 'production', event: 'order.paid', payload: { n: 1 }, created_at: new Date().toISOString(), source },
  };
}

/** An intake over fakes: endpoints known now, and what the view learns while it catches up. */
function intake(known: string[], learnedWhileCatchingUp: string[]) {
  let endpoints = known;
  let changes = 0;
  let caughtUp!: () => void;
  const catchingUp = new Promise<void>((resolve) => (caughtUp = resolve));
  const view = {
    get changes() {
      return changes;
    },
    whenLoaded: async () => undefined,
    matching: () => endpoints.map((id) => ({ id })),
    catchUp: async () => {
      await catchingUp;
      if (learnedWhileCatchingUp.length > 0) {
        endpoints = [...endpoints, ...learnedWhileCatchingUp];
        changes++;
      }
      return true;
    },
  };
  const added: NewJob[][] = [];
  let options!: DurableConsumerOptions;
  const consumer = new IntakeConsumer(
    { KAFKA_CLIENT_ID_SUFFIX: '' } as never,
    { create: (_suffix: string, o: DurableConsumerOptions) => ((options = o), { start: async () => undefined, stop: async () => undefined }) } as never,
    view as never,
    { whenLoaded: async () => undefined, catchUp: async () => true, payloadErrors: () => [] } as never,
    {} as never,
    { maxAttempts: 5, addJobs: async (jobs: NewJob[]) => void added.push(jobs) } as never,
  );
  return { consumer, added, caughtUp, options: () => options };
}

describe('IntakeConsumer', () => {
  it("stores the known endpoints' jobs before the view check ends, then the jobs of an endpoint it learned of", async () => {
    const { added, caughtUp, options } = intake([E1], [E2]);
    const records = [message('44444444-4444-4444-8444-444444444444')];
    await options().beforeBatch!(records); // an API message waits for nothing
    const written = options().topics[0]!.write(records);
    await new Promise((r) => setImmediate(r));
    expect(added.map((jobs) => jobs.map((j) => j.endpoint_id))).toEqual([[E1]]);
    caughtUp();
    await written;
    expect(added.map((jobs) => jobs.map((j) => j.endpoint_id))).toEqual([[E1], [E2]]);
  });

  it('adds nothing more when the view did not change while it caught up', async () => {
    const { added, caughtUp, options } = intake([E1, E2], []);
    caughtUp();
    await options().topics[0]!.write([message('55555555-5555-4555-8555-555555555555')]);
    expect(added.map((jobs) => jobs.map((j) => j.endpoint_id))).toEqual([[E1, E2]]);
  });

  it('makes a message published straight to Kafka wait for the view before its schema is checked', async () => {
    const { caughtUp, options } = intake([E1], []);
    let waited = false;
    const before = options().beforeBatch!([message('66666666-6666-4666-8666-666666666666', 'kafka')]).then(() => (waited = true));
    await new Promise((r) => setImmediate(r));
    expect(waited).toBe(false);
    caughtUp();
    await before;
    expect(waited).toBe(true);
  });
});
