import { App } from './app';
import { matchPath } from './router';

// The production overlay is a bare page for a video mixer's browser source: no header, no app around it.
const overlay = matchPath('/events/:slug/rooms/:id/overlay', location.pathname);
if (overlay) {
  void import('./views/stage/overlay-page').then(({ startOverlay }) =>
    startOverlay(
      document,
      overlay['slug'] ?? '',
      overlay['id'] ?? '',
      new URLSearchParams(location.search).get('key') ?? '',
    ),
  );
} else {
  new App(document).start();
}
