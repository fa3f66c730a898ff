#!/usr/bin/env node
/**
 * `npm start` runs this first: it runs `npm run build` only when the build is missing or older than a source, so a
 * start on a built tree costs a directory walk (tens of milliseconds) instead of the whole TypeScript build.
 *
 * The build is stale when any file or folder under the source roots (apps, libs, projections, test/bench, test/support;
 * node_modules and dist folders skipped) or any build configuration file changed after the build wrote the entry point
 * (`dist/apps/cli/src/main.js`: every build writes it, whether `npm start` or a person ran it). Folders count too, so deleting or renaming a source file
 * also makes it stale. `AKKOORD_BUILD=always` builds every time; `AKKOORD_BUILD=never` never builds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOTS = ['apps', 'libs', 'projections', 'test/bench', 'test/support'];
const FILES = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.build.json', 'tsconfig.json'];
const SKIP = new Set(['node_modules', 'dist', 'coverage', 'data']);
const ENTRY = join('dist', 'apps', 'cli', 'src', 'main.js');

/** The newest modification time (ms) under `path`, with the path that has it. */
function newest(path, best = { at: 0, path: '' }) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return best;
  }
  if (stat.mtimeMs > best.at) best = { at: stat.mtimeMs, path };
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (!SKIP.has(entry) && !entry.startsWith('.')) best = newest(join(path, entry), best);
    }
  }
  return best;
}

function staleBecause() {
  if (!existsSync(ENTRY)) return 'no build yet';
  const built = statSync(ENTRY).mtimeMs;
  let source = { at: 0, path: '' };
  for (const path of [...ROOTS, ...FILES]) source = newest(path, source);
  return source.at > built ? `${source.path} changed since the last build` : undefined;
}

const mode = process.env.AKKOORD_BUILD ?? 'auto';
const reason = mode === 'always' ? 'AKKOORD_BUILD=always' : mode === 'never' ? undefined : staleBecause();
if (reason) {
  process.stderr.write(`building (${reason})\n`);
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
