// Runs one test suite with Node's built-in runner on the tsc output in out/test/<suite>.
// Files are listed explicitly: directory and glob arguments behave differently across Node versions.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suite = process.argv[2];
if (!suite) {
  console.error('usage: node scripts/run-tests.mjs <unit|lsp|...> [filter]');
  process.exit(2);
}
const filter = process.argv[3];
const root = join('out', 'test', suite);

function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(root)
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no test files under ${root}${filter ? ` matching ${filter}` : ''}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
