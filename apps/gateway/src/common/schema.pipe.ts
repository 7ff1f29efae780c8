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
    // No body at all (none sent, or an empty one with a JSON content type): the spec requires one.
    if (this.what === 'body' && candidate === undefined) throw ServiceError.invalid([{ field: 'body', message: 'is required: send a JSON object' }], 'request body');
    // Postgres text and jsonb cannot hold U+0000: refused here, named, instead of failing in storage.
    const nul = nulPath(candidate, this.what);
    if (nul !== undefined) throw ServiceError.invalid([{ field: nul, message: 'must not contain the NUL character (U+0000)' }], `request ${this.what}`);
    const errors = this.contract.errors(candidate);
    // NUL and lone surrogates cannot be stored as text (names, descriptions, URLs, schemas...).
    if (errors.length === 0) errors.push(...unstorableTextErrors(candidate));
    if (errors.length > 0) throw ServiceError.invalid(errors.map((e) => ({ ...e, field: e.field || this.what })), `request ${this.what}`);
    return candidate as Static<T>;
  }
}

/** The path of the first string or key holding U+0000, if any. */
function nulPath(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${at}[${k}]` : at === 'body' || at === 'query' ? k : `${at}.${k}`;
    if (k.includes('\u0000')) return here;
    const found = nulPath(v, here);
    if (found !== undefined) return found;
  }
  return undefined;
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
