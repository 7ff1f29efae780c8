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

  it("writes a failing endpoint's health at most once a second, and always once it may be disabled", async () => {
    const { store, calls } = fakeStore();
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const health = new EndpointHealth(store, 60_000, '1m', direct, () => undefined, () => now);
    await health.afterAttempt(endpoint, false, null, 'j1:1');
    now += 300;
    await health.afterAttempt(endpoint, false, null, 'j2:1'); // 0.3 s later: nothing new
    await health.afterAttempt(endpoint, false, null, 'j3:1');
    expect(calls).toEqual(['failed e1']);
    now += 800;
    await health.afterAttempt(endpoint, false, null, 'j4:1'); // over a second since it was written
    expect(calls).toEqual(['failed e1', 'failed e1']);
    now += 60_000;
    await health.afterAttempt(endpoint, false, null, 'j5:1'); // time enough to be disabled: the database decides
    expect(calls).toHaveLength(3);
    await health.afterAttempt(endpoint, true, null, 'j6:1');
    await health.afterAttempt(endpoint, false, null, 'j7:1'); // failing again after a success: written at once
    expect(calls).toEqual(['failed e1', 'failed e1', 'failed e1', 'ok e1', 'failed e1']);
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
