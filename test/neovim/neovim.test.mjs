// The server is editor-agnostic: Neovim's built-in LSP client (Debian's neovim, headless) starts
// dist/server.js over stdio on a broken policy and receives its diagnostics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('Neovim', () => {
  it('receives the diagnostics of a broken policy from our server', () => {
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(nvim.status, 0, 'nvim is not installed: run scripts/setup-ui-tests.sh (npm run test:neovim does)');
    const work = mkdtempSync(join(tmpdir(), 'audit-policy-nvim-'));
    try {
      const policy = join(work, 'audit-policy.yaml');
      writeFileSync(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages:\n  - "RequestResponse"\nrules:\n  - level: Metadata\n');
      const out = join(work, 'diagnostics.json');
      const result = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(ROOT, 'test/neovim/init.lua'), policy], {
        cwd: work,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, AUDIT_POLICY_NVIM_OUT: out, AUDIT_POLICY_SERVER: join(ROOT, 'dist/server.js') },
      });
      assert.equal(result.status, 0, `nvim exited with ${result.status}: ${result.stderr}`);
      const published = JSON.parse(readFileSync(out, 'utf8'));
      assert.match(published.uri, /audit-policy\.yaml$/);
      const stage = published.diagnostics.find((d) => d.code === 'invalid-stage');
      assert.ok(stage, JSON.stringify(published.diagnostics.map((d) => d.code)));
      assert.deepEqual(stage.range.start, { line: 3, character: 4 });
      assert.equal(stage.severity, 1);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
