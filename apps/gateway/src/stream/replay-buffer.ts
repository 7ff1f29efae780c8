import { formatCursor, type Positions } from './stream-cursor';
import type { StreamKind } from '@fastgen/contracts';

/** One record of a streamed topic, as the hub keeps and sends it. */
export interface StreamEntry {
  /** Position key (`m3`) and offset of the record. */
  key: string;
  offset: number;
  /** `project_id:environment`. */
  scope: string;
  kind: StreamKind;
  event: string;
  /** The SSE data line (JSON). */
  data: string;
  /** The SSE id: every partition's position once this record was processed. */
  cursor: string;
}

export interface ReplayResult {
  entries: StreamEntry[];
  /** True when records after the cursor are no longer (or were never) held: some may be missed. */
  gap: boolean;
}

/**
 * The last records of the streamed topics, bounded by count and bytes, for clients that resume
 * with a Last-Event-ID. `positions` is where the hub is; `floor` the first offset still held.
 */
export class ReplayBuffer {
  private readonly entries: StreamEntry[] = [];
  private head = 0;
  private bytes = 0;
  private readonly positions = new Map<string, number>();
  private readonly floor = new Map<string, number>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  /** Where reading starts for a partition: nothing before `firstOffset` will be held. */
  start(key: string, firstOffset: number): void {
    if (!this.positions.has(key)) this.positions.set(key, firstOffset - 1);
    if (!this.floor.has(key)) this.floor.set(key, firstOffset);
  }

  /** Records that the hub processed a record (streamed or not); returns the cursor after it. */
  advance(key: string, offset: number): string {
    if (!this.floor.has(key)) this.floor.set(key, offset);
    this.positions.set(key, Math.max(offset, this.positions.get(key) ?? -1));
    return formatCursor(this.positions);
  }

  /** The offset to read next in a partition. */
  nextOffset(key: string): number {
    return (this.positions.get(key) ?? -1) + 1;
  }

  /** False for a record already processed (a re-read). */
  isNew(key: string, offset: number): boolean {
    return offset > (this.positions.get(key) ?? -1);
  }

  cursor(): string {
    return formatCursor(this.positions);
  }

  push(entry: StreamEntry): void {
    this.entries.push(entry);
    this.bytes += entry.data.length + entry.cursor.length;
    while (
      this.entries.length - this.head > this.maxEntries ||
      (this.bytes > this.maxBytes && this.entries.length - this.head > 1)
    ) {
      const old = this.entries[this.head++]!;
      this.bytes -= old.data.length + old.cursor.length;
      this.floor.set(
        old.key,
        Math.max(this.floor.get(old.key) ?? 0, old.offset + 1),
      );
    }
    // Compact now and then rather than shift() on every eviction.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The held records after `after` that pass the filter, oldest first. */
  replay(after: Positions, accept: (e: StreamEntry) => boolean): ReplayResult {
    let gap = false;
    for (const [key, floor] of this.floor) {
      if ((after.get(key) ?? -1) + 1 < floor) gap = true;
    }
    const entries: StreamEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.offset > (after.get(e.key) ?? -1) && accept(e)) entries.push(e);
    }
    return { entries, gap };
  }
}
