import fs from 'node:fs';
import path from 'node:path';
import { stack } from '../support/stack';

const COMMITTED = path.resolve(__dirname, '../../../docs/openapi.json');

describe('ship: the committed OpenAPI document is what the gateway serves', () => {
  it('serves at /docs-json exactly the document committed in docs/openapi.json', async () => {
    const res = await fetch(`${stack().urls.gateway}/docs-json`);
    expect(res.status).toBe(200);
    const served = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    const committed = JSON.parse(fs.readFileSync(COMMITTED, 'utf8')) as typeof served;

    expect(served.openapi).toMatch(/^3\./);
    const missing = Object.keys(served.paths).filter((p) => !(p in committed.paths));
    const stale = Object.keys(committed.paths).filter((p) => !(p in served.paths));
    if (missing.length || stale.length || JSON.stringify(served) !== JSON.stringify(committed)) {
      throw new Error(
        'docs/openapi.json differs from what the running gateway serves at /docs-json ' +
          `(routes not in the file: ${missing.join(', ') || 'none'}; routes no longer served: ${stale.join(', ') || 'none'}).\n` +
          'Regenerate it with `npm run openapi` and commit the result.',
      );
    }
  });
});
