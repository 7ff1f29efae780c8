import { Injectable } from '@nestjs/common';

/**
 * Conditions a service must meet before it reports ready, beyond Kafka and Postgres being
 * reachable: a local view loaded, a consumer assigned, reply topics assigned...
 */
@Injectable()
export class Readiness {
  private readonly pending = new Map<string, string>();

  /** Registers a condition that is not met yet; `done(name)` meets it. */
  waitFor(name: string, description: string): void {
    this.pending.set(name, description);
  }

  done(name: string): void {
    this.pending.delete(name);
  }

  /** Marks a condition unmet again (e.g. a consumer lost its assignment). */
  lost(name: string, description: string): void {
    this.pending.set(name, description);
  }

  unmet(): Record<string, string> {
    return Object.fromEntries(this.pending);
  }
}
