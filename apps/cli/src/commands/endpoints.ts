import type { Endpoint, EndpointHealthList } from '@fastgen/contracts';
import type { ApiClient } from '../api-client';
import { table, type Output } from '../output';

/** Every endpoint of the key's environment, with its last 24 hours. */
export async function listEndpoints(
  api: ApiClient,
  out: Output,
): Promise<void> {
  const endpoints: Endpoint[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor
      ? `?limit=100&cursor=${encodeURIComponent(cursor)}`
      : '?limit=100';
    const page: { data: Endpoint[]; next_cursor: string | null } =
      await api.json('GET', `/v1/endpoints${query}`);
    endpoints.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  const health = await api
    .json<EndpointHealthList>('GET', '/v1/endpoints/health')
    .catch(() => undefined);
  const byId = new Map(health?.data.map((h) => [h.endpoint_id, h]));
  if (out.json) {
    for (const e of endpoints)
      out.result({ ...e, health_24h: byId.get(e.id) ?? null }, '');
    return;
  }
  if (endpoints.length === 0)
    return out.result([], 'No endpoints in this environment yet.');
  const rows = [['ID', 'URL', 'ENABLED', 'SUCCESS 24H', 'EVENTS']];
  for (const e of endpoints) {
    const h = byId.get(e.id);
    const rate =
      h?.success_rate == null
        ? '-'
        : `${Math.round(h.success_rate * 100)}% of ${h.attempts}`;
    rows.push([
      e.id,
      e.url,
      e.enabled ? 'yes' : `no (${e.disabled_reason ?? 'disabled'})`,
      rate,
      e.event_types.length > 0 ? e.event_types.join(',') : '(all)',
    ]);
  }
  out.result(endpoints, table(rows));
}
