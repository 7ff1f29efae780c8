import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { compileJsonSchema, TOPICS, type EventTypeState, type FieldError } from '@fastgen/contracts';
import { CompactedView } from '../kafka/compacted-view';
import { KAFKA, KAFKA_CLIENT_ID } from '../kafka/kafka.tokens';
import { Readiness } from '../health/readiness';

const READINESS = 'event-types-view';

/**
 * Event types with their payload schemas (config.event-types.v1), compiled once per version.
 * Shared: the gateway checks API payloads with it, the dispatcher the ones internal teams publish
 * straight to Kafka, so both paths validate exactly alike.
 */
@Injectable()
export class EventTypesView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventTypesView.name);
  private readonly byName = new Map<string, { validate: (v: unknown) => FieldError[] }>();
  private readonly view: CompactedView<EventTypeState>;
  private loaded?: Promise<void>;

  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(KAFKA_CLIENT_ID) clientId: string, private readonly readiness: Readiness) {
    this.view = new CompactedView<EventTypeState>(kafka, TOPICS.config.eventTypes, {
      clientId,
      version: (t) => Date.parse(t.updated_at),
      onChange: (_id, previous, next) => {
        if (previous) this.byName.delete(nameKey(previous));
        if (next?.schema) {
          try {
            this.byName.set(nameKey(next), { validate: compileJsonSchema(next.schema) });
          } catch (err) {
            this.logger.warn(`event type ${next.name}: schema does not compile, payloads go unchecked: ${(err as Error).message}`);
          }
        }
      },
    });
    readiness.waitFor(READINESS, 'loading event types from config.event-types.v1');
  }

  onApplicationBootstrap(): void {
    void this.whenLoaded().catch(() => undefined);
  }

  /** Resolves once every event type published before the process started is known. */
  whenLoaded(): Promise<void> {
    this.loaded ??= this.view.start().then(
      () => this.readiness.done(READINESS),
      (err) => {
        this.logger.error(`event types view failed: ${(err as Error).message}`);
        this.loaded = undefined;
        throw err;
      },
    );
    return this.loaded;
  }

  /** Read-your-writes: waits for every event type published before the call. */
  catchUp(timeoutMs?: number): Promise<boolean> {
    return this.view.catchUp(timeoutMs);
  }

  /** Field errors of the payload against the event type's schema; none when it has no schema. */
  payloadErrors(scope: { project_id: string; environment: string }, event: string, payload: unknown): FieldError[] {
    const type = this.byName.get(nameKey({ ...scope, name: event }));
    return type ? type.validate(payload).map((e) => ({ field: e.field ? `payload.${e.field}` : 'payload', message: e.message })) : [];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}

const nameKey = (t: { project_id: string; environment: string; name: string }) => `${t.project_id}/${t.environment}/${t.name}`;
