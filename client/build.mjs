// Builds the browser client into client/dist with esbuild: one ES module bundle, hashed assets, no inline script.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const FIRST_PAGE_BUDGET_GZIP = 100 * 1024;

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js'));
const entry = outputs.find((file) => result.metafile.outputs[file].entryPoint);
let gzipTotal = 0;
for (const file of outputs) {
  gzipTotal += gzipSync(readFileSync(file)).length;
}
if (gzipTotal > FIRST_PAGE_BUDGET_GZIP) {
  console.error(
    `client: ${gzipTotal} bytes of JavaScript (gzip) exceeds the ${FIRST_PAGE_BUDGET_GZIP}-byte budget`,
  );
  process.exit(1);
}

const html = readFileSync(join(root, 'index.html'), 'utf8').replace(
  '<!-- app-script -->',
  `<script type="module" src="/assets/${entry.split('/').pop()}"></script>`,
);
writeFileSync(join(dist, 'index.html'), html);
cpSync(join(root, 'public'), dist, { recursive: true });
console.log(`client: built ${outputs.length} script(s), ${gzipTotal} bytes gzip`);
