/**
 * A pause that ends early when there is work: a polling loop waits with `pause(ms)`, and whoever
 * adds work calls `now()` so the loop looks at once instead of at its next poll.
 */
export class WakeUp {
  private wake?: () => void;

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  now(): void {
    this.wake?.();
  }
}
