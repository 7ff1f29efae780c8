import type { IncomingRequest } from '@fastgen/contracts';
import { RefusalDigest } from './refusal-digest';

let n = 0;
const refusal = (): IncomingRequest => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  project_id: 'a1b2c3d4-0000-4000-8000-000000000001',
  environment: 'production',
  received_at: new Date(0).toISOString(),
  method: 'POST',
  path: '/v1/events',
  status: 429,
  duration_ms: 0.4,
  message_id: null,
  idempotency_key: null,
  headers: {},
  body_excerpt: '{}',
  source_ip: '127.0.0.1',
});

/** Every refusal the published records stand for. */
const represented = (records: IncomingRequest[]) => records.reduce((sum, r) => sum + 1 + (r.repeated ?? 0), 0);

describe('RefusalDigest', () => {
  it('logs the first refusals of a second one by one and folds the rest into the latest of them', () => {
    const digest = new RefusalDigest(3);
    const sent = Array.from({ length: 100 }, () => refusal());
    const now: IncomingRequest[] = sent.flatMap((r, i) => digest.offer('p/production', r, 1_000 + i));
    expect(now.map((r) => r.id)).toEqual(sent.slice(0, 3).map((r) => r.id));
    expect(digest.flush(1_500)).toEqual([]); // the second has not ended
    const later = digest.flush(2_000);
    expect(later).toHaveLength(1);
    expect(later[0]).toEqual({ ...sent[99], repeated: 96 });
    expect(represented([...now, ...later])).toBe(100);
    expect(digest.flush(10_000)).toEqual([]); // nothing is published twice
  });

  it('publishes an ended second as soon as the next refusal of that scope comes', () => {
    const digest = new RefusalDigest(1);
    const [a, b, c, d] = [refusal(), refusal(), refusal(), refusal()];
    expect(digest.offer('p', a, 0)).toEqual([a]);
    expect(digest.offer('p', b, 10)).toEqual([]);
    expect(digest.offer('p', c, 20)).toEqual([]);
    // a new second: the folded one first (c standing for b too), then d on its own
    expect(digest.offer('p', d, 1_000)).toEqual([{ ...c, repeated: 1 }, d]);
  });

  it('keeps scopes apart: one project environment\'s flood leaves another its own budget', () => {
    const digest = new RefusalDigest(2);
    for (let i = 0; i < 50; i++) digest.offer('flood/production', refusal(), i);
    const other = [refusal(), refusal()];
    expect(other.flatMap((r) => digest.offer('other/production', r, 60))).toEqual(other);
  });

  it('with 0 logs nothing one by one, and a lone refusal still appears with repeated 0', () => {
    const digest = new RefusalDigest(0);
    const r = refusal();
    expect(digest.offer('p', r, 0)).toEqual([]);
    expect(digest.flush(0, true)).toEqual([{ ...r, repeated: 0 }]);
  });
});
