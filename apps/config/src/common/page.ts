import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ServiceError, ServiceErrorCode } from '@fastgen/platform';

export interface Paged<T> {
  data: T[];
  next_cursor: string | null;
}

// Keyset pagination on (created_at, id): stable while rows are added, opaque to clients.
const encode = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

function decode(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && !Number.isNaN(Date.parse(value[0])) && typeof value[1] === 'string' && /^[0-9a-f-]{36}$/.test(value[1])) {
      return [value[0], value[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw new ServiceError(ServiceErrorCode.INVALID, 'invalid cursor: use the next_cursor of a previous page', [{ field: 'cursor', message: 'is not a cursor this API returned' }]);
}

/** Runs the query one page at a time; `alias` must have created_at and id columns. */
export async function page<E extends ObjectLiteral & { createdAt: Date; id: string }, T>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  query: { limit?: number; cursor?: string },
  map: (entity: E) => T,
): Promise<Paged<T>> {
  const limit = query.limit ?? 50;
  if (query.cursor) {
    const [createdAt, id] = decode(query.cursor);
    qb.andWhere(
      new Brackets((w) => {
        w.where(`${alias}.created_at > :cAt`, { cAt: createdAt }).orWhere(`${alias}.created_at = :cAt and ${alias}.id > :cId`, { cId: id });
      }),
    );
  }
  const rows = await qb.orderBy(`${alias}.created_at`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').take(limit + 1).getMany();
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { data: shown.map(map), next_cursor: more && last ? encode(last.createdAt, last.id) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids that are not UUIDs cannot exist: they are "not found", never a 400 or a 500. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
