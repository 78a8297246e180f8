// Every diagnostic code the engine or the CLI can emit has a section in docs/diagnostics.md, the
// page each diagnostic links to.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('docs/diagnostics.md', () => {
  it('documents every code', () => {
    const docs = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
    const documented = new Set([...docs.matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1]));
    const codes = new Set(
      sources(join(root, 'server/src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/code: '([a-z0-9-]+)'/g)].map((m) => m[1]),
      ),
    );
    assert.ok(codes.size > 20);
    assert.deepEqual([...codes].filter((c) => !documented.has(c)).sort(), []);
  });
});
