import { Logger } from '@nestjs/common';

/**
 * Runs a cheap sampling function every few seconds (not on each scrape: several Prometheus
 * replicas scraping must not multiply the queries) and lets it set gauges. A failed sample logs
 * once per failure streak and leaves the gauges as they were; `stop()` on shutdown.
 */
export class PeriodicCollector {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failing = false;

  constructor(
    private readonly name: string,
    private readonly sample: () => Promise<void>,
    private readonly intervalMs = 10_000,
  ) {
    this.logger = new Logger(`${name} metrics`);
  }

  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Samples now (tests; the first scrape after boot). */
  tick(): Promise<void> {
    // One sample at a time: a slow database must not pile queries up.
    this.running ??= this.sample()
      .then(() => {
        if (this.failing) this.logger.log(`sampling ${this.name} works again`);
        this.failing = false;
      })
      .catch((err) => {
        if (!this.failing) this.logger.warn(`sampling ${this.name} failed (gauges keep their last value): ${(err as Error).message}`);
        this.failing = true;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
