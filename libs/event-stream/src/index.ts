export {
  readEventStream,
  EventStreamParser,
  type ServerSentEvent,
} from './lib/event-stream';
