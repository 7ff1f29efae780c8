import { Type, type Static } from '@sinclair/typebox';
import { ENVIRONMENTS, Uuid } from '@fastgen/contracts';

// GET /v1/me: who the calling API key is — what a client (the dashboard) shows after sign-in.
export const Me = Type.Object(
  {
    project: Type.Object(
      {
        id: Uuid('Project id.'),
        name: Type.String({ description: 'Display name of the project.', examples: ['Acme CV scoring'] }),
      },
      { additionalProperties: false },
    ),
    environment: Type.Union(
      ENVIRONMENTS.map((e) => Type.Literal(e)),
      { description: 'The environment the key gives access to; every request with it sees only this environment.', examples: ['development'] },
    ),
    key: Type.Object(
      {
        id: Uuid('API key id (use it to revoke the key).'),
        prefix: Type.String({ description: 'The start of the key, to recognise it; never the whole key.', examples: ['fg_dev_Hk3x'] }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Me = Static<typeof Me>;
