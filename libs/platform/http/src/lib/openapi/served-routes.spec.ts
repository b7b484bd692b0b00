import { Controller, Get, Post } from '@nestjs/common';
import { Public, Roles } from '../auth/auth.decorators';
import { routeKey, servedRoutes } from './served-routes';

@Controller('v1/things')
@Roles('reader')
class ThingsController {
  @Get()
  list() {
    return [];
  }

  @Get(':id/history')
  @Roles('auditor', 'admin')
  history() {
    return [];
  }

  @Post(':id')
  @Public()
  touch() {
    return null;
  }

  helper() {
    return 'not a route';
  }
}

describe('servedRoutes', () => {
  it('reads each handler’s method, OpenAPI path and roles (the handler’s over the class’s, none when public), skipping non-routes', () => {
    expect(servedRoutes([ThingsController])).toEqual([
      { method: 'get', path: '/v1/things', roles: ['reader'] },
      { method: 'get', path: '/v1/things/{id}/history', roles: ['admin', 'auditor'] },
      { method: 'post', path: '/v1/things/{id}', roles: [] },
    ]);
  });

  it('writes a route as one comparable line, roles sorted', () => {
    expect(routeKey({ method: 'GET', path: '/v1/things', roles: ['b', 'a'] })).toBe('get /v1/things a,b');
    expect(routeKey({ method: 'post', path: '/v1/things/{id}' })).toBe('post /v1/things/{id} ');
  });
});
