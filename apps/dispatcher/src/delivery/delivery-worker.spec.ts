import type { EndpointState } from '@fastgen/contracts';
import type { KafkaProducer } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';
import type { EndpointsView } from '../endpoints/endpoints-view.service';
import type { DeliveryStore, NewJob } from './delivery-store';
import { DeliveryWorker } from './delivery-worker.service';
import type { UrlPolicy } from './url-policy';

// Intake leasing only (addJobs): the decisions it takes and the inserts it makes. Nothing runs:
// the inserts never resolve unless a test says so, and no attempt is started.
function workerWith(env: Partial<DispatcherEnv>) {
  const inserts: { ids: string[]; leased: string[] }[] = [];
  const store = {
    releaseLeasesOf: async () => 0,
    insert: (jobs: NewJob[], leased: Set<string> = new Set()) => {
      inserts.push({ ids: jobs.map((j) => j.id), leased: jobs.filter((j) => leased.has(j.id)).map((j) => j.id) });
      return new Promise<Set<string>>(() => undefined);
    },
  } as unknown as DeliveryStore;
  const endpoints = { get: (id: string) => ({ id, project_id: 'p', enabled: true }) as EndpointState } as unknown as EndpointsView;
  const fullEnv = {
    PORT: 0,
    RETRY_SCHEDULE: '0s,1s',
    DELIVERY_TIMEOUT_MS: 1_000,
    CONNECT_TIMEOUT_MS: 1_000,
    ENDPOINT_DISABLE_AFTER: '5d',
    DELIVERY_CONCURRENCY: 256,
    FAIR_SHARE_RESERVE: 0,
    ENDPOINT_CONCURRENCY: 8,
    ENDPOINT_CONCURRENCY_MAX: 64,
    ENDPOINT_PREFETCH_ROUNDS: 4,
    POLL_INTERVAL_MS: 250,
    ...env,
  } as DispatcherEnv;
  const worker = new DeliveryWorker(fullEnv, {} as UrlPolicy, store, endpoints, { send: async () => undefined } as unknown as KafkaProducer);
  return { worker, inserts };
}

const job = (id: string, endpoint: string, project = 'p'): NewJob => ({
  id,
  delivery_id: id,
  trigger: 'scheduled',
  message_id: `m-${id}`,
  endpoint_id: endpoint,
  project_id: project,
  environment: 'production',
  event: 'e',
  body: '{}',
  max_attempts: 3,
});

const settle = () => new Promise((r) => setImmediate(r));

describe('DeliveryWorker intake leasing', () => {
  it('counts the leases of batches still being inserted: concurrent batches never lease past the capacity', async () => {
    const { worker, inserts } = workerWith({ DELIVERY_CONCURRENCY: 4 });
    void worker.addJobs(['a1', 'a2', 'a3'].map((id) => job(id, `e-${id}`)));
    void worker.addJobs(['b1', 'b2', 'b3'].map((id) => job(id, `e-${id}`)));
    await settle();
    const leased = inserts.flatMap((i) => i.leased);
    expect(leased).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it("counts them against an endpoint's room too", async () => {
    // A new endpoint takes one round (ENDPOINT_CONCURRENCY) at intake, whichever batches bring its jobs.
    const { worker, inserts } = workerWith({ ENDPOINT_CONCURRENCY: 2 });
    void worker.addJobs([job('a1', 'e'), job('a2', 'e')]);
    void worker.addJobs([job('b1', 'e'), job('b2', 'e')]);
    await settle();
    expect(inserts.flatMap((i) => i.leased)).toEqual(['a1', 'a2']);
  });

  it('stores the jobs that run now in a statement of their own, apart from those left to the schedule', async () => {
    const { worker, inserts } = workerWith({ ENDPOINT_CONCURRENCY: 1 });
    void worker.addJobs([job('now', 'e'), job('later', 'e')]);
    await settle();
    expect(inserts).toEqual([
      { ids: ['now'], leased: ['now'] },
      { ids: ['later'], leased: [] },
    ]);
  });
});
