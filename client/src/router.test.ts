/** @jest-environment jsdom */
import { matchPath, matchRoute } from './router';
import { safeReturnPath } from './views/auth-view';

describe('router', () => {
  it('should match patterns and decode parameters', () => {
    expect(matchPath('/events/:slug/sessions/:id', '/events/silks-2020/sessions/a%20b')).toEqual({
      slug: 'silks-2020',
      id: 'a b',
    });
    expect(matchPath('/events/:slug', '/events/silks-2020/')).toEqual({ slug: 'silks-2020' });
    expect(matchPath('/events/:slug', '/events/a/b')).toBeNull();
    expect(matchPath('/events/:slug', '/events/%E0%A4%A')).toBeNull();
    const routes = [{ pattern: '/events/new' }, { pattern: '/events/:slug' }];
    expect(matchRoute(routes, '/events/new')?.route).toBe(routes[0]);
  });

  it('should only follow same-site return paths after login', () => {
    expect(safeReturnPath('/events/silks-2020')).toBe('/events/silks-2020');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
  });
});
