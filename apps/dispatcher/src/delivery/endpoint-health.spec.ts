import type { EndpointState } from '@fastgen/contracts';
import { EndpointHealth, type HealthStore } from './endpoint-health';

const endpoint = { id: 'e1', project_id: 'p1', environment: 'development' } as EndpointState;
const direct = <T>(_what: string, write: () => Promise<T>) => write();

function fakeStore(disableNow = false) {
  const calls: string[] = [];
  const store: HealthStore = {
    endpointSucceeded: async (id) => void calls.push(`ok ${id}`),
    endpointFailed: async (id) => {
      calls.push(`failed ${id}`);
      return { failingSince: new Date('2026-01-01T00:00:00.000Z'), disableNow };
    },
  };
  return { store, calls };
}

describe('EndpointHealth', () => {
  it('writes a success once, not on every attempt of a healthy endpoint', async () => {
    const { store, calls } = fakeStore();
    const health = new EndpointHealth(store, 1_000, '5d', direct, () => undefined);
    await health.afterAttempt(endpoint, true, null, 'j1:1');
    await health.afterAttempt(endpoint, true, null, 'j2:1');
    expect(calls).toEqual(['ok e1']);
  });

  it('records every failure and writes the next success again', async () => {
    const { store, calls } = fakeStore();
    const health = new EndpointHealth(store, 1_000, '5d', direct, () => undefined);
    await health.afterAttempt(endpoint, true, null, 'j1:1');
    expect((await health.afterAttempt(endpoint, false, null, 'j2:1')).disableReason).toBeNull();
    await health.afterAttempt(endpoint, true, null, 'j3:1');
    expect(calls).toEqual(['ok e1', 'failed e1', 'ok e1']);
  });

  it('disables an endpoint failing too long: locally at once, and asks config through the outbox', async () => {
    const { store } = fakeStore(true);
    const disabled: string[] = [];
    const health = new EndpointHealth(store, 1_000, '5d', direct, (id) => disabled.push(id));
    const verdict = await health.afterAttempt(endpoint, false, null, 'j1:3');
    expect(verdict.disableReason).toBe('failing without a success since 2026-01-01T00:00:00.000Z (5d)');
    expect(disabled).toEqual(['e1']);
    expect(verdict.publish).toEqual([expect.objectContaining({ topic: 'endpointDisableRequests', key: 'e1', value: expect.objectContaining({ reason: verdict.disableReason }) })]);
  });

  it('passes on the 410 Gone reason of the attempt policy', async () => {
    const { store } = fakeStore(false);
    const verdict = await new EndpointHealth(store, 1_000, '5d', direct, () => undefined).afterAttempt(endpoint, false, 'the endpoint answered 410 Gone', 'j1:1');
    expect(verdict.disableReason).toBe('the endpoint answered 410 Gone');
    expect(verdict.publish).toHaveLength(1);
  });
});
