interface Request<T, R> {
  items: T[];
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes that wait go together: requests made while a write is in flight are written by the next
 * one, in a single statement (up to `maxItems`, a request never split), so a flood of small
 * requests costs a few large statements and one database connection rather than one connection
 * each. If a grouped write fails, each of its requests is written alone, so an error reaches only
 * the request it belongs to (a record that can never be written must not fail its neighbours).
 */
export class GroupedWrites<T, R> {
  private readonly pending: Request<T, R>[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<R>,
    private readonly maxItems: number,
  ) {}

  /** Resolves with the result of the write that carried these items. */
  add(items: T[]): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.take();
        try {
          const result = await this.write(group.flatMap((r) => r.items));
          for (const r of group) r.resolve(result);
        } catch (err) {
          if (group.length === 1) group[0]!.reject(err);
          else await Promise.all(group.map((r) => this.write(r.items).then(r.resolve, r.reject)));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private take(): Request<T, R>[] {
    let n = 0;
    let count = 0;
    while (count < this.pending.length && (count === 0 || n + this.pending[count]!.items.length <= this.maxItems)) {
      n += this.pending[count]!.items.length;
      count++;
    }
    return this.pending.splice(0, count);
  }
}
