// The text/event-stream format (HTML Living Standard, "Server-sent events"): lines of
// `field: value`, an empty line ends an event, lines starting with `:` are comments.

export interface ServerSentEvent {
  /** The `event:` field; `message` when absent. */
  event: string;
  data: string;
  /** The `id:` of this event, or the last one seen before it (what Last-Event-ID resumes from). */
  id: string | undefined;
  /** A `retry:` the server asked for, in ms. */
  retry?: number;
}

/** Feeds text in any chunking; returns the complete events. */
export class EventStreamParser {
  private buffer = '';
  private lastId: string | undefined;
  private event = '';
  private data: string[] = [];
  private retry: number | undefined;
  private hasData = false;

  constructor(lastEventId?: string) {
    this.lastId = lastEventId;
  }

  get lastEventId(): string | undefined {
    return this.lastId;
  }

  push(text: string): ServerSentEvent[] {
    this.buffer += text;
    const out: ServerSentEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (
        !match ||
        (match[0] === '\r' && match.index === this.buffer.length - 1)
      )
        break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) out.push(event);
    }
    return out;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const ready = this.hasData
        ? {
            event: this.event || 'message',
            data: this.data.join('\n'),
            id: this.lastId,
            ...(this.retry !== undefined ? { retry: this.retry } : {}),
          }
        : undefined;
      this.event = '';
      this.data = [];
      this.hasData = false;
      this.retry = undefined;
      return ready;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    } else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value))
      this.retry = Number(value);
    return undefined;
  }
}

/** The events of a response body until it ends (or the reader is cancelled). */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  lastEventId?: string,
): AsyncGenerator<ServerSentEvent> {
  const parser = new EventStreamParser(lastEventId);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
