/** What a claim of the schedule asked for and got, to tell which endpoints it emptied. */
export interface ClaimResult {
  /** The jobs claimed: endpoint, project and turn (1 = each project's first job, 2 = its second...). */
  jobs: { endpoint_id: string; project_id: string; claim_turn: number }[];
  /** The claim's overall limit: a claim that got this many may have been cut short. */
  limit: number;
  /** Endpoints left out of the claim (this process has enough of theirs). */
  busy: ReadonlySet<string>;
  /** Projects left out of the claim (over their share). */
  busyProjects: ReadonlySet<string>;
  /** Most jobs an endpoint could get (else `defaultCap`). */
  caps: ReadonlyMap<string, number>;
  defaultCap: number;
}

/**
 * Of the `candidates` (endpoints thought to have due jobs in the schedule), those the claim shows
 * to have none left: the endpoint took part and got fewer jobs than it could. When the overall
 * limit cut the claim, only endpoints of a project whose jobs all came before the cut count:
 * the claim takes jobs by turn (every project's first, then every project's second...), so a
 * project that got fewer jobs than the last turn minus one had no more. Without that rule a tenant
 * with a large backlog (claims always full) kept every other tenant's endpoints marked forever,
 * and their new jobs waited for claims instead of being sent at intake.
 */
export function caughtUpEndpoints(candidates: Iterable<string>, projectOf: (endpointId: string) => string | undefined, claim: ClaimResult): string[] {
  const cut = claim.jobs.length >= claim.limit;
  const gotByEndpoint = new Map<string, number>();
  const gotByProject = new Map<string, number>();
  let lastTurn = 0;
  for (const job of claim.jobs) {
    gotByEndpoint.set(job.endpoint_id, (gotByEndpoint.get(job.endpoint_id) ?? 0) + 1);
    gotByProject.set(job.project_id, (gotByProject.get(job.project_id) ?? 0) + 1);
    lastTurn = Math.max(lastTurn, job.claim_turn);
  }
  const out: string[] = [];
  for (const id of candidates) {
    if (claim.busy.has(id)) continue;
    const project = projectOf(id);
    if (project !== undefined && claim.busyProjects.has(project)) continue;
    if (cut && (project === undefined || (gotByProject.get(project) ?? 0) + 1 >= lastTurn)) continue;
    if ((gotByEndpoint.get(id) ?? 0) < (claim.caps.get(id) ?? claim.defaultCap)) out.push(id);
  }
  return out;
}
