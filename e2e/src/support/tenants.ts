import type { ApiKeyCreated, Environment, Project } from '@fastgen/sdk';
import { api } from './api';

export interface Tenant {
  projectId: string;
  /** API keys of the project's two environments. */
  dev: string;
  prod: string;
}

/** A new project with one API key per environment, through the admin API. */
export async function newTenant(name = `e2e ${Date.now()}`): Promise<Tenant> {
  const project = await api<Project>('POST', '/v1/admin/projects', { admin: true, body: { name } });
  if (project.status !== 201) throw new Error(`create project: ${project.status} ${JSON.stringify(project.body)}`);
  const key = async (environment: Environment) => {
    const res = await api<ApiKeyCreated>('POST', `/v1/admin/projects/${project.body.id}/api-keys`, { admin: true, body: { environment } });
    if (res.status !== 201) throw new Error(`create key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.key;
  };
  return { projectId: project.body.id, dev: await key('development'), prod: await key('production') };
}

/** A new key works once the gateway's local view has it (milliseconds after creation). */
export async function waitForKey(key: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', '/v1/endpoints?limit=1', { key });
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`key not accepted after ${timeoutMs} ms: ${res.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
