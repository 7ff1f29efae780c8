import { RouteTable } from './route-table';

describe('RouteTable', () => {
  const routes = new RouteTable();
  routes.add('/v1/endpoints', ['GET', 'HEAD']);
  routes.add('/v1/endpoints', 'POST');
  routes.add('/v1/endpoints/:id', ['GET', 'PATCH', 'DELETE']);

  it('lists the methods served at a path, parameters matched and the query string ignored', () => {
    expect(routes.allowed('/v1/endpoints?limit=1')).toEqual([
      'GET',
      'HEAD',
      'POST',
    ]);
    expect(routes.allowed('/v1/endpoints/abc')).toEqual([
      'DELETE',
      'GET',
      'PATCH',
    ]);
  });

  it('knows no method for a path no route serves', () => {
    expect(routes.allowed('/v1/nope')).toEqual([]);
    expect(routes.allowed('/v1/endpoints/abc/def')).toEqual([]);
  });
});
