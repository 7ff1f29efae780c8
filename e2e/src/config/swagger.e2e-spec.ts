import { stack } from '../support/stack';

describe('config routes in Swagger', () => {
  it('documents every configuration route with its body schema, examples and responses', async () => {
    const doc = (await (await fetch(`${stack().urls.gateway}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, unknown> }>>;
      components?: { schemas?: Record<string, Record<string, unknown>> };
    };
    // Request bodies are named schemas: follow the $ref.
    const resolve = (schema: Record<string, unknown>) =>
      typeof schema['$ref'] === 'string' ? doc.components!.schemas![(schema['$ref'] as string).split('/').pop()!]! : schema;
    const routes: [string, string, boolean][] = [
      ['/v1/admin/projects', 'post', true],
      ['/v1/admin/projects', 'get', false],
      ['/v1/admin/projects/{id}', 'get', false],
      ['/v1/admin/projects/{id}/api-keys', 'post', true],
      ['/v1/admin/projects/{id}/api-keys', 'get', false],
      ['/v1/admin/projects/{id}/api-keys/{key_id}', 'delete', false],
      ['/v1/endpoints', 'get', false],
      ['/v1/endpoints', 'post', true],
      ['/v1/endpoints/{id}', 'get', false],
      ['/v1/endpoints/{id}', 'patch', true],
      ['/v1/endpoints/{id}', 'delete', false],
      ['/v1/endpoints/{id}/secret', 'get', false],
      ['/v1/endpoints/{id}/secret/rotate', 'post', false],
      ['/v1/event-types', 'get', false],
      ['/v1/event-types', 'post', true],
      ['/v1/event-types/{name}', 'get', false],
      ['/v1/event-types/{name}', 'patch', true],
      ['/v1/event-types/{name}', 'delete', false],
    ];
    for (const [path, method, hasBody] of routes) {
      const op = doc.paths[path]?.[method];
      expect({ path, method, documented: !!op }).toEqual({ path, method, documented: true });
      expect(Object.keys(op!.responses).length).toBeGreaterThanOrEqual(2);
      if (hasBody) {
        const schema = resolve(op!.requestBody!.content['application/json']!.schema) as { additionalProperties: boolean; properties: Record<string, { description?: string; example?: unknown }> };
        expect(schema.additionalProperties).toBe(false);
      }
    }
    // Every field of every request body has a description and an example.
    for (const [path, method] of routes.filter(([, , hasBody]) => hasBody)) {
      const body = resolve(doc.paths[path]![method]!.requestBody!.content['application/json']!.schema) as { properties: Record<string, { description?: string; example?: unknown }> };
      for (const [name, field] of Object.entries(body.properties)) {
        expect({ path, method, name, described: !!field.description, example: field.example !== undefined }).toEqual({ path, method, name, described: true, example: true });
      }
    }
  });
});
