import { TypeGuard } from '@sinclair/typebox';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TSchema } from '@sinclair/typebox';

export const ROOT = path.resolve(__dirname, '../../..');
export const read = (relative: string) => fs.readFileSync(path.join(ROOT, relative), 'utf8');

/** The services: every app with an environment schema (`apps/<name>/src/<name>.env.ts`). */
export function serviceApps(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'apps'))
    .filter((name) => fs.existsSync(path.join(ROOT, 'apps', name, 'src', `${name}.env.ts`)))
    .sort();
}

/**
 * The environment schema of an app: the exported object of TypeBox properties (it extends
 * BaseEnv, so it has KAFKA_BROKERS). Loaded by path: these checks cover whatever apps exist.
 */
export async function envSchemaOf(app: string): Promise<Record<string, TSchema>> {
  const mod = (await import(path.join(ROOT, 'apps', app, 'src', `${app}.env.ts`))) as Record<string, unknown>;
  const found = Object.values(mod).find(
    (v): v is Record<string, TSchema> => typeof v === 'object' && v !== null && 'KAFKA_BROKERS' in v && 'DATABASE_URL' in v,
  );
  if (!found) throw new Error(`apps/${app}/src/${app}.env.ts exports no environment schema`);
  return found;
}

/** Variables without a default: a deployment must set them. */
// Required = neither a default nor Type.Optional (an optional variable has a derived default).
export const requiredVars = (schema: Record<string, TSchema>) =>
  Object.keys(schema).filter((k) => schema[k]!.default === undefined && !TypeGuard.IsOptional(schema[k]));
