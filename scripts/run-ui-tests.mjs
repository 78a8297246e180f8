// The real-editor UI suite end to end: install what it needs (scripts/setup-ui-tests.sh), package
// the extension, run test/ui against the .vsix, then prove the suite can fail: packages with a
// missing server file or without activation on YAML must make the Problems step fail.
//   node scripts/run-ui-tests.mjs [--skip-broken]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });

const setup = run('bash', [join(ROOT, 'scripts/setup-ui-tests.sh')]);
if (setup.status !== 0) process.exit(setup.status ?? 1);
const pack = run('npm', ['run', '--silent', 'package']);
if (pack.status !== 0) process.exit(pack.status ?? 1);

const suite = (env = {}) =>
  run(process.execPath, ['--test', '--test-reporter=spec', 'test/ui/vscode.test.mjs'], { env: { ...process.env, ...env } });

const good = suite();
if (good.status !== 0) {
  console.error('UI suite failed against the packaged extension (screenshots in test-results/ui/)');
  process.exit(good.status ?? 1);
}

if (process.argv.includes('--skip-broken')) process.exit(0);

// Packages that must fail the suite: one whose server file is missing, one that never activates.
const BROKEN = [
  { name: 'server path', mutate: (dir) => rmSync(join(dir, 'dist/server.js')) },
  {
    name: 'activation',
    mutate: (dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      manifest.activationEvents = ['onCommand:auditPolicy.neverInvoked'];
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    },
  },
];

for (const variant of BROKEN) {
  const temp = mkdtempSync(join(tmpdir(), 'audit-policy-broken-'));
  try {
    for (const item of ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'syntaxes', 'images']) {
      if (existsSync(join(ROOT, item))) cpSync(join(ROOT, item), join(temp, item), { recursive: true });
    }
    variant.mutate(temp);
    const vsix = join(temp, 'broken.vsix');
    const vsce = run(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: temp });
    if (vsce.status !== 0) process.exit(vsce.status ?? 1);
    console.log(`\nThe Problems step against a package with a broken ${variant.name} must fail:`);
    const broken = run(process.execPath, ['--test', '--test-reporter=spec', '--test-name-pattern', 'Problems panel', 'test/ui/vscode.test.mjs'], {
      env: { ...process.env, AUDIT_POLICY_VSIX: vsix, AUDIT_POLICY_UI_STEP_MS: '20000', AUDIT_POLICY_UI_SHOTS: `test-results/ui-broken-${variant.name.replace(' ', '-')}` },
    });
    if (broken.status === 0) {
      console.error(`the UI suite passed against a package with a broken ${variant.name}: it does not test what it claims`);
      process.exit(1);
    }
    console.log(`ok: a broken ${variant.name} fails the UI suite, as it must`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
