import { Type, type Static } from '@sinclair/typebox';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { defineContract, EventName } from '@fastgen/contracts';

export const PublishEventBody = defineContract(
  'PublishEventBody',
  Type.Object(
    {
      event: EventName(),
      payload: Type.Unknown({ description: 'Any JSON value; validated against the event type schema if it has one.', examples: [{ candidate_id: 'c-1', score: 0.87 }] }),
    },
    { additionalProperties: false },
  ),
);
export type PublishEventBody = Static<typeof PublishEventBody.schema>;

@ApiSchema({ name: 'AcceptedMessage' })
export class AcceptedMessageDto {
  @ApiProperty({ format: 'uuid', description: 'Carried as `id` by every delivery and retry of this message.' })
  webhook_message_id!: string;
}
