// Runs the extension tests (test/e2e/suite, mocha in the extension host) where Electron VS Code
// cannot be downloaded: inside code-server's extension host. The web workbench takes extension
// development options from its URL (`payload`): this repository as the development extension
// (dist/ must be built) and the suite as its tests. The suite's report reaches only the extension
// host's console, which the browser shows; its plain `e2e:` lines give failures and totals.
// (Approach from the ui-tests branch.)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.AUDIT_POLICY_UI_CACHE ?? join(homedir(), '.cache/audit-policy-editors');
const CODE_SERVER = join(CACHE, 'code-server-4.100.3/node_modules/code-server/out/node/entry.js');
const SUITE = join(ROOT, 'test/e2e/suite/index.cjs');
const TOTALS = /e2e: (\d+) passing, (\d+) failing/;
const TIMEOUT_MS = 4 * 60_000;

const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });

async function main() {
  for (const needed of [CODE_SERVER, join(ROOT, 'dist/client.js'), join(ROOT, 'dist/server.js')]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: npm run build and scripts/setup-ui-tests.sh`);
  }
  const work = mkdtempSync(join(tmpdir(), 'audit-policy-e2e-'));
  const data = join(work, 'data');
  mkdirSync(join(data, 'User'), { recursive: true });
  writeFileSync(
    join(data, 'User/settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off' }),
  );
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', data, '--extensions-dir', join(work, 'extensions'), join(ROOT, 'examples')],
    { stdio: 'ignore' },
  );
  let browser;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status < 500) break;
      } catch {
        if (i > 240) throw new Error('code-server did not start');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
    const page = await browser.newPage();
    let totals;
    const done = new Promise((resolveDone) => {
      page.on('console', (message) => {
        const text = message.text();
        const at = text.indexOf('e2e: ');
        if (at < 0) return;
        const line = text.slice(at).split('\n')[0];
        console.log(line);
        const match = TOTALS.exec(line);
        if (match) {
          totals = { passing: Number(match[1]), failing: Number(match[2]) };
          resolveDone();
        }
      });
    });
    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(SUITE)],
    ]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(join(ROOT, 'examples'))}&payload=${encodeURIComponent(payload)}`);
    await Promise.race([done, new Promise((r) => setTimeout(r, TIMEOUT_MS).unref())]);
    if (!totals) {
      console.error(`e2e: no result from the extension tests within ${TIMEOUT_MS / 1000} s`);
      return 1;
    }
    return totals.failing > 0 || totals.passing === 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => undefined);
    server.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

process.exit(await main());
