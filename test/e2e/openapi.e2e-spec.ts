import { createTestApp, TestApp } from '../utils/create-test-app';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

const UNDOCUMENTED = new Set(['GET /metrics', 'GET /api/docs-json']);

/** `/api/events/:slug/rooms/:id` → `/api/events/{slug}/rooms/{id}` as OpenAPI spells paths. */
const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should describe every REST route the server answers, with its operations', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses?: object; summary?: string }>>;
    };
    const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router;
    const routes = router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`),
      )
      .filter((route) => !UNDOCUMENTED.has(route) && !route.startsWith('GET /api/docs'));
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((route) => {
      const [method, path] = route.split(' ');
      return !doc.paths[toOpenApiPath(path)]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
    const withoutSummary = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => !operation.summary)
        .map(([method]) => `${method} ${path}`),
    );
    expect(withoutSummary).toEqual([]);
  });
});
