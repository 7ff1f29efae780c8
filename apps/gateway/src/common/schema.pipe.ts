import { Injectable, type PipeTransform } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import { defineContract, unstorableTextErrors, type Contract } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';

/**
 * Validates a body or query against a TypeBox schema: 400 naming every bad field (unknown fields
 * included, since the schemas are closed). Query strings are strings: `coerce` names the integer
 * parameters to convert first.
 */
@Injectable()
export class SchemaPipe<T extends TSchema> implements PipeTransform<unknown, Static<T>> {
  private readonly contract: Contract<T>;

  constructor(
    schema: T,
    private readonly what: 'body' | 'query' = 'body',
    private readonly coerce: readonly string[] = [],
  ) {
    this.contract = defineContract(`${what}`, schema);
  }

  transform(value: unknown): Static<T> {
    let candidate = value;
    if (this.what === 'query' && value && typeof value === 'object') {
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const name of this.coerce) {
        const raw = copy[name];
        if (typeof raw === 'string' && /^-?\d{1,15}$/.test(raw)) copy[name] = Number(raw);
      }
      candidate = copy;
    }
    if (this.what === 'body' && candidate === undefined) candidate = {};
    const errors = this.contract.errors(candidate);
    // NUL and lone surrogates cannot be stored as text (names, descriptions, URLs, schemas...).
    if (errors.length === 0) errors.push(...unstorableTextErrors(candidate));
    if (errors.length > 0) throw ServiceError.invalid(errors.map((e) => ({ ...e, field: e.field || this.what })), `request ${this.what}`);
    return candidate as Static<T>;
  }
}

/** Path ids: anything that cannot be an id is simply not found (404), like a deleted one. */
export class PathIdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly what: string,
    private readonly pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  ) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) throw ServiceError.notFound(this.what);
    return value;
  }
}
