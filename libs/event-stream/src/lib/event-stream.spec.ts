import { EventStreamParser, readEventStream } from './event-stream';

describe('event stream', () => {
  it('parses events whatever the chunking, keeping the last id', () => {
    const text =
      'retry: 1000\nid: m0:1\nevent: ready\ndata: {}\n\n: keep-alive\n\nid: m0:2\r\nevent: message\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: plain\n\n';
    for (const size of [1, 2, 5, text.length]) {
      const parser = new EventStreamParser();
      const events = [];
      for (let i = 0; i < text.length; i += size)
        events.push(...parser.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { event: 'ready', data: '{}', id: 'm0:1', retry: 1000 },
        { event: 'message', data: '{"a":\n1}', id: 'm0:2' },
        { event: 'message', data: 'plain', id: 'm0:2' },
      ]);
    }
  });

  it('ignores an event without data and an unfinished one', () => {
    const parser = new EventStreamParser('start');
    expect(parser.push('event: nothing\n\nid: x\ndata: half')).toEqual([]);
    expect(parser.lastEventId).toBe('x');
  });

  it('reads a byte stream split inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 7));
        c.enqueue(bytes.slice(7));
        c.close();
      },
    });
    const events = [];
    for await (const e of readEventStream(body)) events.push(e);
    expect(events).toEqual([{ event: 'message', data: 'é', id: undefined }]);
  });
});
