import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';

// One Ajv instance for every contract: schemas compile once, at import time, into fast validators.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, verbose: true }), [
  'date-time',
  'uri',
  'uuid',
  'email',
]);

export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. `payload.score` or `event_types[2]`. */
  field: string;
  message: string;
}

export class ContractViolation extends Error {
  constructor(
    readonly contract: string,
    readonly errors: FieldError[],
  ) {
    super(`${contract}: ${errors.map((e) => (e.field ? `${e.field} ${e.message}` : e.message)).join('; ')}`);
  }
}

export interface Contract<T extends TSchema> {
  readonly name: string;
  readonly schema: T;
  /** Returns the value typed, or throws ContractViolation naming every bad field. */
  parse(value: unknown): Static<T>;
  /** Returns the list of field errors; empty when valid. */
  errors(value: unknown): FieldError[];
}

export function defineContract<T extends TSchema>(name: string, schema: T): Contract<T> {
  const validate: ValidateFunction = ajv.compile(schema);
  const errors = (value: unknown): FieldError[] => (validate(value) ? [] : toFieldErrors(validate.errors ?? []));
  return {
    name,
    schema,
    errors,
    parse(value: unknown): Static<T> {
      const found = errors(value);
      if (found.length > 0) throw new ContractViolation(name, found);
      return value as Static<T>;
    },
  };
}

/** Turns Ajv's errors into messages that name the field, the way API clients read them. */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  return errors.map((e) => {
    const base = e.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        return { field: base ? `${base}.${extra}` : extra, message: 'is not a known field' };
      }
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        return { field: base ? `${base}.${missing}` : missing, message: 'is required' };
      }
      case 'pattern': {
        // A pattern says little to a reader: a schema may say in words what it means.
        const words = (e.parentSchema as Record<string, unknown> | undefined)?.['x-pattern-message'];
        return { field: base, message: typeof words === 'string' ? words : (e.message ?? 'is invalid') };
      }
      default:
        return { field: base, message: e.message ?? 'is invalid' };
    }
  });
}

/** Compiles an arbitrary JSON Schema (e.g. an event type's payload schema) with the shared Ajv. */
export function compileJsonSchema(schema: object): (value: unknown) => FieldError[] {
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : toFieldErrors(validate.errors ?? []));
}

/** Checks that a JSON Schema is itself a valid schema (draft-07, Ajv's default meta-schema). */
export function jsonSchemaErrors(schema: unknown): FieldError[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ field: '', message: 'must be a JSON Schema object' }];
  }
  if (ajv.validateSchema(schema)) {
    try {
      ajv.compile(schema);
      return [];
    } catch (err) {
      return [{ field: '', message: (err as Error).message }];
    }
  }
  return toFieldErrors(ajv.errors ?? []);
}
