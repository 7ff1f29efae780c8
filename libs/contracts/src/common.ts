import { Type } from '@sinclair/typebox';

export const ENVIRONMENTS = ['development', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const Uuid = (description?: string) => Type.String({ format: 'uuid', description });
export const Timestamp = (description?: string) => Type.String({ format: 'date-time', description });
export const EnvironmentSchema = Type.Union(
  ENVIRONMENTS.map((e) => Type.Literal(e)),
  { description: 'The environment of the project the record belongs to.' },
);
/** Event names as PRODUCT.md fixes them: at most 128 characters, for every route that takes one. */
export const EVENT_NAME_PATTERN = '^[a-z0-9][a-z0-9._-]{0,127}$';
export const EventName = () =>
  Type.String({
    pattern: EVENT_NAME_PATTERN,
    maxLength: 128,
    description: 'Event name, e.g. `cv-score-finished`: lowercase letters, digits, `.`, `_`, `-`; 1 to 128 characters.',
    examples: ['cv-score-finished'],
  });

/** Which project + environment a record belongs to; every tenant-scoped message carries it. */
export const Scope = {
  project_id: Uuid('Project the record belongs to.'),
  environment: EnvironmentSchema,
};
