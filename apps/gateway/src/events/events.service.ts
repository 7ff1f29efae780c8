import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, unstorableTextErrors, type WebhookMessage } from '@fastgen/contracts';
import { EventTypesView, ServiceError, ServiceErrorCode } from '@fastgen/platform';
import type { CallerScope } from '../auth';
import { PublishEventBody } from './dto/publish-event.dto';
import { MessagePublisher } from './message-publisher';
import { Admission } from '../admission/admission';

const IDEMPOTENCY_WINDOW = `interval '24 hours'`;
const MAX_KEY_LENGTH = 255;

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    private readonly publisher: MessagePublisher,
    private readonly eventTypes: EventTypesView,
    private readonly db: DataSource,
    private readonly admission: Admission,
  ) {}

  /** Validates, stores in Kafka (acks=all) and returns the message id; the same Idempotency-Key returns the same id. */
  async publish(caller: CallerScope, body: unknown, idempotencyKey: string | undefined): Promise<string> {
    await this.admission.admit(caller);
    const input = this.validate(caller, body);
    if (idempotencyKey === undefined) {
      const id = randomUUID();
      await this.send(caller, input, id, 'api');
      return id;
    }
    if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY_LENGTH) {
      throw ServiceError.invalid([{ field: 'Idempotency-Key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` }], 'header');
    }
    const hash = createHash('sha256').update(JSON.stringify([input.event, input.payload])).digest('hex');
    const entry = await this.claimKey(caller, idempotencyKey, hash);
    if (entry.request_hash !== hash) {
      throw new ServiceError(ServiceErrorCode.UNPROCESSABLE, 'this Idempotency-Key was already used with a different request body within 24 h');
    }
    if (!entry.published_at) {
      // First use, or an earlier try whose publish failed: (re)publish the same id; the dispatcher's
      // deterministic delivery ids make a second copy of the same id deliver nothing new.
      await this.send(caller, input, entry.message_id, 'api');
      await this.db.query(`update gateway.idempotency_keys set published_at = now() where project_id = $1 and environment = $2 and key = $3`, [
        caller.project_id,
        caller.environment,
        idempotencyKey,
      ]);
    }
    return entry.message_id;
  }

  /** Publishes a message (also used for endpoint tests). */
  async send(caller: CallerScope, input: PublishEventBody, id: string, source: WebhookMessage['source'], endpointId?: string): Promise<void> {
    const message: WebhookMessage = {
      id,
      project_id: caller.project_id,
      environment: caller.environment,
      event: input.event,
      payload: input.payload ?? null,
      created_at: new Date().toISOString(),
      source,
      ...(endpointId ? { endpoint_id: endpointId } : {}),
    };
    await this.publisher.publish(TOPICS.events.messages, { key: id, value: message });
  }

  private validate(caller: CallerScope, body: unknown): PublishEventBody {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ServiceError.invalid([{ field: '', message: 'the body must be a JSON object {"event", "payload"}' }], 'body');
    }
    const errors = PublishEventBody.errors(body);
    if (!('payload' in body)) errors.push({ field: 'payload', message: 'is required' });
    // The payload is kept and sent as JSON text, where NUL and lone surrogates are escapes; the rest must be storable text.
    errors.push(...unstorableTextErrors(body, ['payload']));
    if (errors.length > 0) throw ServiceError.invalid(errors, 'body');
    const input = body as PublishEventBody;
    const payloadErrors = this.eventTypes.payloadErrors(caller, input.event, input.payload);
    if (payloadErrors.length > 0) throw ServiceError.invalid(payloadErrors, `payload for event type ${input.event}`);
    return input;
  }

  private async claimKey(caller: CallerScope, key: string, hash: string): Promise<{ message_id: string; request_hash: string; published_at: Date | null }> {
    const params = [caller.project_id, caller.environment, key];
    try {
      // An expired entry (older than 24 h) gives way to a fresh one.
      await this.db.query(`delete from gateway.idempotency_keys where project_id = $1 and environment = $2 and key = $3 and created_at < now() - ${IDEMPOTENCY_WINDOW}`, params);
      await this.db.query(
        `insert into gateway.idempotency_keys (project_id, environment, key, message_id, request_hash) values ($1, $2, $3, $4, $5)
         on conflict (project_id, environment, key) do nothing`,
        [...params, randomUUID(), hash],
      );
      const [row] = await this.db.query(
        `select message_id, request_hash, published_at from gateway.idempotency_keys where project_id = $1 and environment = $2 and key = $3`,
        params,
      );
      return row;
    } catch (err) {
      this.logger.warn(`idempotency keys: ${(err as Error).message}`);
      throw new ServiceError(ServiceErrorCode.UNAVAILABLE, 'idempotency keys are unavailable right now; retry later');
    }
  }
}
