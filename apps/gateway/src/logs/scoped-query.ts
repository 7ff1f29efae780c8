import type { TSchema } from '@sinclair/typebox';
import type { Contract } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';
import type { CallerScope } from '../auth';

/**
 * Turns a query string into a log RPC request scoped to the caller: numeric fields are converted,
 * the scope cannot be overridden, and every bad or unknown parameter is a 400 naming it.
 */
export function scopedQuery<T>(
  contract: Contract<TSchema>,
  caller: Partial<CallerScope>,
  query: Record<string, unknown>,
  numeric: readonly string[] = [],
): T {
  const request: Record<string, unknown> = {};
  const problems: { field: string; message: string }[] = [];
  // The scope the caller's credentials decide (none for admins): the query cannot name it.
  const scope: Record<string, unknown> = {};
  if (caller.project_id !== undefined) scope['project_id'] = caller.project_id;
  if (caller.environment !== undefined) scope['environment'] = caller.environment;
  for (const [name, raw] of Object.entries(query ?? {})) {
    if (name in scope) {
      problems.push({ field: name, message: 'is not a known field (the API key decides the project and environment)' });
      continue;
    }
    request[name] = numeric.includes(name) && typeof raw === 'string' && /^-?\d{1,9}$/.test(raw) ? Number(raw) : raw;
  }
  Object.assign(request, scope);
  problems.push(...contract.errors(request));
  if (problems.length > 0) throw ServiceError.invalid(dedupe(problems), 'query');
  return request as T;
}

/** Path ids are UUIDs: anything else is a 400 naming the parameter, not a 404. */
export function uuidParam(value: string, field = 'id'): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw ServiceError.invalid([{ field, message: 'must be a UUID' }], 'path');
  }
  return value.toLowerCase();
}

function dedupe(problems: { field: string; message: string }[]) {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field) && seen.add(p.field));
}
