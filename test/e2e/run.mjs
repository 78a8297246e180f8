// Extension tests inside a real VS Code (Electron) with @vscode/test-electron: mocha runs in the
// extension host against the development extension (dist/). VS Code is downloaded from Microsoft
// at run time; where that is impossible (offline machines such as CI here) this says so in one
// line and runs the same suite in code-server's extension host instead (runInCodeServer.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cache = join(ROOT, '.vscode-test');
const cached = existsSync(cache) && readdirSync(cache).some((d) => d.startsWith('vscode-'));

async function reachable() {
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(4000) });
    return response.ok;
  } catch {
    return false;
  }
}

if (!cached && !(await reachable())) {
  console.log('test:e2e: VS Code cannot be downloaded here (offline): running the extension tests in code-server instead.');
  const setup = spawnSync('bash', [join(ROOT, 'scripts/setup-ui-tests.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
  const run = spawnSync(process.execPath, [join(ROOT, 'test/e2e/runInCodeServer.mjs')], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

try {
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'test/e2e/suite/index.cjs'),
    launchArgs: [join(ROOT, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`extension tests failed: ${error}`);
  process.exit(1);
}
