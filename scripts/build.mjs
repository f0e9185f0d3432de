// Builds the server (dist/) and the browser client (client/dist/), each only when its inputs changed since
// its last build here: `npm start` on a built, unchanged checkout starts at once, the first start after
// `npm install` builds both, and an edited source file rebuilds its side. `--always` builds both regardless.
//
// Each build writes a stamp: a SHA-256 of the content of every input file (and the lockfile, since bundled
// and compiled dependencies shape the output). Content rather than modification times, so a checkout that
// rewrites files without changing them does not cost a rebuild.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const always = process.argv.includes('--always');

const targets = [
  {
    name: 'server',
    inputs: ['src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    skip: /\.(spec|int-spec|e2e-spec|test)\.ts$/,
    output: 'dist/src/main.js',
    stamp: 'dist/.build-stamp',
    script: 'build:server',
  },
  {
    name: 'client',
    inputs: ['client', 'package-lock.json'],
    skip: /^client\/dist\/|\.test\.ts$/,
    output: 'client/dist/index.html',
    stamp: 'client/dist/.build-stamp',
    script: 'client:build',
  },
];

function filesOf(path, skip) {
  const full = join(root, path);
  if (!existsSync(full)) {
    return [];
  }
  const files = statSync(full).isDirectory()
    ? readdirSync(full, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    : [path];
  return files.filter((file) => !skip.test(file) && !file.includes('node_modules'));
}

function fingerprint(target) {
  const hash = createHash('sha256');
  const files = target.inputs.flatMap((input) => filesOf(input, target.skip)).sort();
  for (const file of files) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

for (const target of targets) {
  const before = fingerprint(target);
  const stampPath = join(root, target.stamp);
  const upToDate =
    !always &&
    existsSync(join(root, target.output)) &&
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === before;
  if (upToDate) {
    continue;
  }
  console.log(
    `Building the ${target.name} (${always ? 'asked for' : 'sources changed since the last build'})…`,
  );
  execFileSync('npm', ['run', '--silent', target.script], { cwd: root, stdio: 'inherit' });
  writeFileSync(stampPath, before);
}
