// `npm run asyncapi`: rewrites docs/asyncapi.yaml from libs/contracts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASYNCAPI_FILE, ROOT, renderAsyncApi } from './build-asyncapi';

fs.writeFileSync(ASYNCAPI_FILE, renderAsyncApi());
process.stdout.write(`wrote ${path.relative(ROOT, ASYNCAPI_FILE)}\n`);
