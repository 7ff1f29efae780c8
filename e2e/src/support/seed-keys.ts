import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { TOPICS, type ApiKeyState, type Environment } from '@fastgen/contracts';
import { api } from './api';
import { produce } from './kafka';
import { waitFor } from './wait';

export interface SeededKey {
  key: string;
  project_id: string;
  environment: Environment;
}

/**
 * Publishes an API key the way the config service does (an ApiKeyState on config.api-keys.v1)
 * and waits until the gateway accepts it. Stands in for POST /v1/admin/projects/{id}/api-keys.
 */
export async function seedKey(environment: Environment = 'development', projectId: string = randomUUID()): Promise<SeededKey> {
  const key = `fg_test_${randomBytes(24).toString('base64url')}`;
  const state: ApiKeyState = {
    id: randomUUID(),
    project_id: projectId,
    environment,
    key_hash: createHash('sha256').update(key).digest('hex'),
    prefix: key.slice(0, 12),
    revoked_at: null,
    created_at: new Date().toISOString(),
  };
  await produce(TOPICS.config.apiKeys, [{ key: state.id, value: state }]);
  await waitFor('the gateway to accept the seeded key', async () => (await api('GET', '/v1/logs/deliveries?limit=1', { key })).status === 200);
  return { key, project_id: projectId, environment };
}
