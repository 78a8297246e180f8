// The packaged extension in a real VS Code (code-server's workbench in Debian's Chromium), used as
// a person would: the Problems panel, a hover, completion, a CodeLens click, and silence on a
// non-policy file. Needs `scripts/setup-ui-tests.sh` (npm run test:ui runs it first) and a built
// .vsix. Screenshots of each step go to test-results/ui/.
//   AUDIT_POLICY_VSIX=path  test another package (e.g. a deliberately broken one)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.AUDIT_POLICY_UI_CACHE ?? join(homedir(), '.cache/audit-policy-editors');
const CODE_SERVER = join(CACHE, 'code-server-4.100.3/node_modules/code-server/out/node/entry.js');
const VSIX = process.env.AUDIT_POLICY_VSIX ?? join(ROOT, 'audit-policy.vsix');
const SHOTS = join(ROOT, process.env.AUDIT_POLICY_UI_SHOTS ?? 'test-results/ui');
const STEP_MS = Number(process.env.AUDIT_POLICY_UI_STEP_MS ?? 60_000);

const BROKEN = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - "RequestResponse"
rules:
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["deployments"]
      - group: apps
        resources: []
  - level: Metadata
`;

let work;
let server;
let browser;
let page;

async function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

async function waitForHttp(url, ms) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`code-server did not answer on ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Opens a file of the workspace from the Explorer, as a person would. */
async function openFile(name) {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ timeout: STEP_MS });
  await row.click();
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ timeout: STEP_MS });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: STEP_MS });
}

/** Puts the cursor at a 1-based line and column with Go to Line. */
async function goTo(line, column) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: STEP_MS });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** A test step that leaves a screenshot of the window when it fails. */
function step(name, shotName, body) {
  it(name, async () => {
    try {
      await body();
    } catch (error) {
      await page?.screenshot({ path: join(SHOTS, `failed-${shotName}.png`) }).catch(() => undefined);
      await page?.keyboard.press('Escape').catch(() => undefined);
      throw error;
    }
  });
}

describe('the packaged extension in VS Code (code-server + Chromium)', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    assert.ok(existsSync(CODE_SERVER), `code-server is not installed in ${CACHE}: run scripts/setup-ui-tests.sh (npm run test:ui does)`);
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package`);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'audit-policy-ui-'));
    const ext = join(work, 'extensions');
    const data = join(work, 'data');
    const folder = join(work, 'workspace');
    mkdirSync(join(data, 'User'), { recursive: true });
    mkdirSync(folder);
    writeFileSync(
      join(data, 'User/settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'editor.hover.delay': 100,
        'update.mode': 'none',
      }),
    );
    cpSync(join(ROOT, 'examples/kubernetes-docs-example.yaml'), join(folder, 'policy.yaml'));
    writeFileSync(join(folder, 'broken-policy.yaml'), BROKEN);
    writeFileSync(join(folder, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nomitStages: [Nope]\n');
    const install = spawnSync(process.execPath, [CODE_SERVER, '--install-extension', VSIX, '--extensions-dir', ext, '--user-data-dir', data], {
      encoding: 'utf8',
    });
    assert.equal(install.status, 0, `installing the .vsix failed:\n${install.stdout}\n${install.stderr}`);
    const port = await freePort();
    server = spawn(
      process.execPath,
      [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--user-data-dir', data, '--extensions-dir', ext, folder],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout.resume();
    server.stderr.resume();
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: STEP_MS });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: STEP_MS });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    server?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  step('lists the expected problems of a broken policy in the Problems panel', 'problems', async () => {
    await openFile('broken-policy.yaml');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'invalid-stage' }).first().waitFor({ timeout: STEP_MS });
    await rows.filter({ hasText: 'resource-wrong-group' }).first().waitFor({ timeout: STEP_MS });
    const texts = await rows.allInnerTexts();
    const stage = texts.find((t) => t.includes('invalid-stage'));
    assert.match(stage, /is a level, not a stage/);
    assert.match(stage, /\[Ln 4, Col 5\]/);
    await shot('01-problems');
    await page.keyboard.press('Control+Shift+M');
  });

  step('hovering RequestResponse shows what that level records', 'hover', async () => {
    const level = page.locator('.view-line span', { hasText: /^RequestResponse$/ }).first();
    await level.waitFor({ timeout: STEP_MS });
    await level.hover();
    const hover = page.locator('.monaco-hover-content', { hasText: 'responseObject' }).first();
    await hover.waitFor({ timeout: STEP_MS });
    await shot('02-hover');
    await page.mouse.move(5, 5);
  });

  step('completion under group: apps offers deployments', 'completion', async () => {
    await goTo(11, 21);
    const suggest = page.locator('.suggest-widget .monaco-list-row', { hasText: 'deployments' }).first();
    // Ctrl+Space can land while Go to Line is still handing focus back: ask again, as a person would.
    for (let attempt = 1; ; attempt++) {
      await page.locator('.monaco-editor.focused').first().waitFor({ timeout: STEP_MS });
      await page.keyboard.press('Control+Space');
      try {
        await suggest.waitFor({ timeout: attempt < 3 ? STEP_MS / 4 : STEP_MS });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts();
    assert.ok(labels.includes('deployments'), labels.join(', '));
    assert.ok(!labels.includes('pods'), 'only resources of group apps');
    await shot('03-completion');
    await page.keyboard.press('Escape');
  });

  step('clicking Test request over rule 3 shows rule 3 matched', 'simulator', async () => {
    await openFile('policy.yaml');
    const lenses = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Test request' });
    await lenses.nth(2).waitFor({ timeout: STEP_MS });
    await lenses.nth(2).click();
    // The result is an `after` decoration: its text lives in a CSS ::after rule.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.view-line span')].some((e) => getComputedStyle(e, '::after').content.includes('Matched by rule 3')),
      undefined,
      { timeout: STEP_MS },
    );
    await shot('04-simulator');
  });

  step('a Deployment manifest gets no diagnostics', 'not-a-policy', async () => {
    await openFile('deployment.yaml');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').first().waitFor({ timeout: STEP_MS });
    // Give the server the time it takes for the policies above (they were fast), then look.
    await page.waitForTimeout(2_000);
    const rows = await page.locator('.markers-panel .monaco-list-row', { hasText: 'deployment.yaml' }).count();
    assert.equal(rows, 0);
    await shot('05-not-a-policy');
  });
});
