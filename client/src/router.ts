/** A small history-API router: patterns like `/events/:slug/sessions/:id`, decoded params. */

export interface RouteMatch<T> {
  route: T;
  params: Record<string, string>;
}

export interface RouteDefinition {
  pattern: string;
}

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let index = 0; index < patternParts.length; index += 1) {
    const expected = patternParts[index];
    const actual = pathParts[index];
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

export function matchRoute<T extends RouteDefinition>(
  routes: readonly T[],
  path: string,
): RouteMatch<T> | null {
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) {
      return { route, params };
    }
  }
  return null;
}

/** Whether a click on a link should be handled by the router rather than the browser. */
export function isRouterLink(event: MouseEvent, anchor: HTMLAnchorElement, origin: string): boolean {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return false;
  }
  if (anchor.target && anchor.target !== '_self') {
    return false;
  }
  if (anchor.hasAttribute('download') || anchor.dataset['external'] !== undefined) {
    return false;
  }
  const url = new URL(anchor.href, origin);
  return url.origin === origin && !url.pathname.startsWith('/api/');
}
