// The stream's resumable position: for every partition of the streamed topics, the offset of the
// last record the hub had processed when an event was sent. Kafka offsets are the same for every
// gateway replica, so a client may resume on any of them (within its replay buffer).
// Text form, the SSE `id:` and `Last-Event-ID`: `m0:120,m1:98,a0:77` (m = messages, a = attempts).

export type TopicAlias = 'm' | 'a';
export type Positions = ReadonlyMap<string, number>;

export const positionKey = (alias: TopicAlias, partition: number): string =>
  `${alias}${partition}`;

export function formatCursor(positions: Positions): string {
  return [...positions].map(([k, offset]) => `${k}:${offset}`).join(',');
}

// -1: nothing read from that partition yet.
const ENTRY = /^([ma]\d{1,4}):(-1|\d{1,19})$/;

/** The positions of a Last-Event-ID; undefined when it is not one this API sent. */
export function parseCursor(text: string): Map<string, number> | undefined {
  const positions = new Map<string, number>();
  if (text.length === 0 || text.length > 4096) return undefined;
  for (const entry of text.split(',')) {
    const m = ENTRY.exec(entry);
    if (!m) return undefined;
    const offset = Number(m[2]);
    if (!Number.isSafeInteger(offset)) return undefined;
    positions.set(m[1]!, offset);
  }
  return positions;
}
