import { Type, type Static } from '@sinclair/typebox';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { defineContract, EventName } from '@fastgen/contracts';

export const PublishEventBody = defineContract(
  'PublishEventBody',
  Type.Object({ event: EventName(), payload: Type.Unknown({ description: 'Any JSON value.' }) }, { additionalProperties: false }),
);
export type PublishEventBody = Static<typeof PublishEventBody.schema>;

@ApiSchema({ name: 'PublishEventBody' })
export class PublishEventDto {
  @ApiProperty({ example: 'cv-score-finished', pattern: '^[a-z0-9][a-z0-9._-]{0,127}$' })
  event!: string;
  @ApiProperty({ description: 'Any JSON value; validated against the event type schema if it has one.', example: { candidate_id: 'c-1', score: 0.87 } })
  payload!: unknown;
}

@ApiSchema({ name: 'AcceptedMessage' })
export class AcceptedMessageDto {
  @ApiProperty({ format: 'uuid', description: 'Carried as `id` by every delivery and retry of this message.' })
  webhook_message_id!: string;
}
