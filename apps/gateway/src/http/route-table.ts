import { Injectable } from '@nestjs/common';

/**
 * Every route the gateway serves (method + path pattern), collected from Fastify's onRoute hook,
 * so that a request to an unknown method of a known path is answered 405 with `Allow` instead of
 * a 404 that would say the path does not exist.
 */
@Injectable()
export class RouteTable {
  private readonly routes: { pattern: RegExp; methods: Set<string>; fixed: boolean }[] = [];

  add(url: string, methods: string | string[]): void {
    const pattern = new RegExp(`^${url.split('/').map(segment).join('/')}/?$`);
    let entry = this.routes.find((r) => r.pattern.source === pattern.source);
    if (!entry) this.routes.push((entry = { pattern, methods: new Set(), fixed: !/[:*]/.test(url) }));
    for (const m of [methods].flat()) entry.methods.add(m.toUpperCase());
  }

  /**
   * The methods served at this path (query string ignored), sorted; empty when none is. A path
   * with a route of its own (`/v1/endpoints/health`) is that resource alone: the methods of a
   * pattern it also matches (`/v1/endpoints/:id`) are not its methods.
   */
  allowed(url: string): string[] {
    const path = url.split('?')[0] ?? '';
    const fixed = this.routes.find((r) => r.fixed && r.pattern.test(path));
    if (fixed) return [...fixed.methods].sort();
    const methods = new Set<string>();
    for (const r of this.routes)
      if (r.pattern.test(path)) r.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  }

  /**
   * Whether a request would reach a pattern route only because the path's own route lacks its
   * method (PATCH /v1/endpoints/health would reach PATCH /v1/endpoints/:id with the id "health").
   */
  shadowed(method: string, url: string): boolean {
    const path = url.split('?')[0] ?? '';
    const fixed = this.routes.find((r) => r.fixed && r.pattern.test(path));
    return fixed !== undefined && !fixed.methods.has(method.toUpperCase()) && method.toUpperCase() !== 'HEAD';
  }
}

// `:id` matches one path segment, `*` anything; the rest literally.
function segment(s: string): string {
  if (s.startsWith(':')) return '[^/]+';
  if (s === '*') return '.*';
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
