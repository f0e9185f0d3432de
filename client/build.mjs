// Builds the browser client into client/dist with esbuild: ES modules split per route (the session room with
// socket.io-client and the consoles load on demand), hashed assets, no inline script.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const FIRST_PAGE_BUDGET_GZIP = 100 * 1024;
/**
 * A session page playing a stream: the first page, the session view, the player with hls.js and, for a
 * listener whose UI is not in English, the largest of the lazily loaded UI catalogues (issue 14: ≤ 250 KB).
 */
const PLAYER_PAGE_BUDGET_GZIP = 250 * 1024;
/** UI catalogues fetched only when that language is chosen (client/src/i18n/i18n.ts); never on the first page. */
const LAZY_CATALOGUES = ['client/src/i18n/zh-cn.ts', 'client/src/i18n/ru.ts'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: ['es2022'],
  minify: true,
  // UTF-8 output, not \\u escapes: the Chinese and Russian catalogues are a third smaller.
  charset: 'utf8',
  sourcemap: true,
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
// Dynamic imports are entry points of their own in the metafile: pick the one built from src/main.ts.
const entry = Object.keys(outputs).find(
  (file) => file.endsWith('.js') && /(^|\/)src\/main\.ts$/.test(outputs[file].entryPoint ?? ''),
);
if (!entry) {
  throw new Error('The build has no output for client/src/main.ts');
}

/** The entry and every chunk it imports statically: what the first page downloads before it can run. */
function firstPageFiles(file, seen = new Set()) {
  if (seen.has(file)) {
    return seen;
  }
  seen.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === 'import-statement' && !imported.external) {
      firstPageFiles(imported.path, seen);
    }
  }
  return seen;
}

const gzipOf = (file) => gzipSync(readFileSync(file)).length;
const firstPage = [...firstPageFiles(entry)];
const gzipTotal = firstPage.reduce((sum, file) => sum + gzipOf(file), 0);
if (gzipTotal > FIRST_PAGE_BUDGET_GZIP) {
  console.error(
    `client: ${gzipTotal} bytes of first-page JavaScript (gzip) exceeds the ${FIRST_PAGE_BUDGET_GZIP}-byte budget`,
  );
  process.exit(1);
}
// The session page's chunks are imported dynamically; find them by the source file they were built from.
const outputOf = (source) =>
  Object.keys(outputs).find(
    (file) => file.endsWith('.js') && Object.keys(outputs[file].inputs).includes(source),
  );
const playerPage = new Set(firstPage);
for (const source of ['client/src/views/session-view.ts', 'client/src/views/stage/hls-player.ts']) {
  const output = outputOf(source);
  if (!output) {
    console.error(`client: no chunk holds ${source}`);
    process.exit(1);
  }
  firstPageFiles(output, playerPage);
}
let catalogueGzip = 0;
for (const source of LAZY_CATALOGUES) {
  const output = outputOf(source);
  if (!output || firstPage.includes(output)) {
    console.error(`client: ${source} must be a chunk of its own, loaded on demand, not on the first page`);
    process.exit(1);
  }
  catalogueGzip = Math.max(catalogueGzip, gzipOf(output));
}
const playerGzip = [...playerPage].reduce((sum, file) => sum + gzipOf(file), 0) + catalogueGzip;
if (playerGzip > PLAYER_PAGE_BUDGET_GZIP) {
  console.error(
    `client: ${playerGzip} bytes of JavaScript (gzip) for a session page with the player exceeds the ${PLAYER_PAGE_BUDGET_GZIP}-byte budget`,
  );
  process.exit(1);
}
const lazy = Object.keys(outputs).filter((file) => file.endsWith('.js') && !firstPage.includes(file));
const lazyGzip = lazy.reduce((sum, file) => sum + gzipOf(file), 0);

const html = readFileSync(join(root, 'index.html'), 'utf8').replace(
  '<!-- app-script -->',
  `<script type="module" src="/assets/${entry.split('/').pop()}"></script>`,
);
writeFileSync(join(dist, 'index.html'), html);
cpSync(join(root, 'public'), dist, { recursive: true });
// uPlot's stylesheet, linked by the analytics pages only (client/src/views/analytics/charts.ts).
cpSync(join(root, '..', 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(dist, 'uplot.css'));
console.log(
  `client: first page ${firstPage.length} script(s), ${gzipTotal} bytes gzip; session page with the player ${playerGzip} bytes gzip (of which ${catalogueGzip} the largest lazy UI catalogue); ${lazy.length} lazy chunk(s), ${lazyGzip} bytes gzip`,
);
