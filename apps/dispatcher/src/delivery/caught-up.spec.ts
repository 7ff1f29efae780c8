import { caughtUpEndpoints, type ClaimResult } from './caught-up';

const projects: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B', c1: 'C' };
const projectOf = (id: string) => projects[id];
const claim = (jobs: [endpoint: string, turn: number][], over: Partial<ClaimResult> = {}): ClaimResult => ({
  jobs: jobs.map(([endpoint_id, claim_turn]) => ({ endpoint_id, project_id: projects[endpoint_id]!, claim_turn })),
  limit: 100,
  busy: new Set(),
  busyProjects: new Set(),
  caps: new Map(),
  defaultCap: 4,
  ...over,
});

describe('caughtUpEndpoints', () => {
  it('after a claim under its limit: endpoints that got fewer jobs than their cap are caught up', () => {
    const result = claim([['a1', 1], ['a1', 2], ['a1', 3], ['a1', 4], ['b1', 1]]);
    expect(caughtUpEndpoints(['a1', 'b1', 'c1'], projectOf, result)).toEqual(['b1', 'c1']);
  });

  it("after a claim cut by its limit: another tenant's endpoints are caught up while the big backlog's are not", () => {
    // A's backlog fills the claim (turns 1..9 of A), B got its only due job in turn 1.
    const jobs: [string, number][] = [['b1', 1]];
    for (let t = 1; t <= 9; t++) jobs.push([t % 2 ? 'a1' : 'a2', t]);
    const result = claim(jobs, { limit: 10, defaultCap: 8 });
    expect(caughtUpEndpoints(['a1', 'a2', 'b1', 'c1'], projectOf, result)).toEqual(['b1', 'c1']);
  });

  it('after a cut claim, a project whose jobs reach the last turn may have more: it stays marked', () => {
    // Turn 3 was cut in the middle: B's third job may be one of those left out.
    const result = claim([['a1', 1], ['b1', 1], ['a1', 2], ['b1', 2], ['a1', 3]], { limit: 5 });
    expect(caughtUpEndpoints(['a1', 'b1'], projectOf, result)).toEqual([]);
  });

  it('never clears endpoints or projects the claim left out', () => {
    const result = claim([], { busy: new Set(['a1']), busyProjects: new Set(['B']) });
    expect(caughtUpEndpoints(['a1', 'a2', 'b1'], projectOf, result)).toEqual(['a2']);
  });

  it('after a cut claim, an endpoint whose project is unknown stays marked', () => {
    const result = claim([['a1', 1], ['a1', 2], ['a1', 3]], { limit: 3 });
    expect(caughtUpEndpoints(['gone'], projectOf, result)).toEqual([]);
  });
});
