import type { ApiQueryOptions } from '@nestjs/swagger';

export interface PageOf<T> {
  data: T[];
  next_cursor: string | null;
}

export const LIST_QUERY_DOCS: Record<'limit' | 'cursor', ApiQueryOptions> = {
  limit: { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, description: 'Page size (1-100).' },
  cursor: { name: 'cursor', required: false, schema: { type: 'string', maxLength: 200 }, description: '`next_cursor` of the previous page.' },
};
