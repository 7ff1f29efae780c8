/**
 * How the dispatcher's delivery slots (DELIVERY_CONCURRENCY: queued in a lane or in flight) are
 * shared between projects, so that one tenant's flood, backlog or dead endpoints never take every
 * slot of a process.
 *
 * Work-conserving with a reserve: while more than `reserve` slots are free, any project may take
 * one; the last `reserve` slots go only to projects holding less than an equal share
 * (capacity / active projects). A project alone may use every slot; as soon as another project
 * has work, the flooding one stops growing and the newcomer is served from the reserve, and each
 * slot the flood frees goes to whoever is under its share. A project is active while it holds
 * slots or asked for one within the last `activeMs`.
 */
export class ProjectShares {
  private readonly held = new Map<string, number>();
  private readonly askedAt = new Map<string, number>();

  constructor(
    private readonly capacity: number,
    readonly reserveSize: number,
    private readonly activeMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A slot is taken (a job leased here); give it back with `release`. */
  take(projectId: string): void {
    this.held.set(projectId, (this.held.get(projectId) ?? 0) + 1);
    this.askedAt.set(projectId, this.now());
  }

  release(projectId: string): void {
    const n = (this.held.get(projectId) ?? 0) - 1;
    if (n > 0) this.held.set(projectId, n);
    else this.held.delete(projectId);
  }

  heldBy(projectId: string): number {
    return this.held.get(projectId) ?? 0;
  }

  /** Whether the project may take one more slot when `free` are free; remembers that it asked. */
  mayTake(projectId: string, free: number): boolean {
    this.askedAt.set(projectId, this.now());
    if (free <= 0) return false;
    if (free > this.reserveSize) return true;
    return this.heldBy(projectId) < this.share();
  }

  /** Projects that may take no slot now (left out of claims): none while more than the reserve is free. */
  overShare(free: number): string[] {
    if (free > this.reserveSize) return [];
    const share = this.share();
    return [...this.held].filter(([, n]) => n >= share).map(([id]) => id);
  }

  /** An equal share of the capacity among the active projects (at least one slot). */
  share(): number {
    const since = this.now() - this.activeMs;
    for (const [id, at] of this.askedAt) if (at < since && !this.held.has(id)) this.askedAt.delete(id);
    const active = new Set([...this.held.keys(), ...this.askedAt.keys()]).size;
    return Math.max(1, Math.floor(this.capacity / Math.max(1, active)));
  }
}
