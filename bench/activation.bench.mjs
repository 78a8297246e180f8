// Extension activation, measured offline without VS Code: dist/client.js is loaded in a plain Node
// process with a stub `vscode` module (every API a no-op that returns another stub), then
// `activate(context)` is called. Three times are taken in that process, from a fresh process each
// run (so module loading is cold):
// - load: require('dist/client.js') (the bundled client, vscode-languageclient included);
// - activate: the synchronous part of activate() until it returns its promise (what VS Code waits
//   on before it calls the extension activated; the server starts in the background);
// - server ready: from calling activate() until the language client's start() resolved, i.e. the
//   forked dist/server.js (IPC) answered initialize.
// The stub does no work, so VS Code's own cost (extension host, API objects) is not in these times.
//
//   node bench/activation.bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

if (process.argv.includes('--child')) await child();
else parent();

function parent() {
  const runs = quick ? 5 : 15;
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', timeout: 30000 });
    if (out.status !== 0) throw new Error(`activation child failed: ${out.stderr || out.error}`);
    samples.push(JSON.parse(out.stdout.trim().split('\n').pop()));
  }
  const median = (key) => {
    const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
    return +sorted[Math.floor(sorted.length / 2)].toFixed(1);
  };
  console.log(
    JSON.stringify({
      bench: 'activation',
      runs,
      loadMs: median('loadMs'),
      activateMs: median('activateMs'),
      serverReadyMs: median('serverReadyMs'),
      commands: samples[0].commands,
    }),
  );
}

/** A stub of any shape: callable, constructible, every property another stub; not a thenable. */
function stub(name = 'vscode') {
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'length') return 0;
      if (key === 'version') return '1.91.0';
      if (key === 'dispose') return () => {};
      return stub(`${name}.${String(key)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

async function child() {
  const require = createRequire(import.meta.url);
  const Module = require('node:module');
  const vscode = stub();
  const commands = [];
  // Every top-level name of the real API (from @types/vscode) is an own property, because the
  // bundle copies the module's own properties (esbuild's __toESM); only what activation reads as
  // data is concrete, the rest is the generic stub.
  const declarations = readFileSync(join(root, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...declarations.matchAll(/^\s+export (?:class|enum|namespace|const|let|function) (\w+)/gm)].map((m) => m[1]));
  const api = Object.fromEntries([...names].map((name) => [name, stub(`vscode.${name}`)]));
  api.version = '1.91.0';
  const withData = (name, data) => new Proxy(data, { get: (t, k) => (k in t ? t[k] : vscode[name][k]) });
  api.commands = withData('commands', {
    registerCommand: (id) => {
      commands.push(id);
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  });
  api.workspace = withData('workspace', { textDocuments: [], workspaceFolders: undefined, notebookDocuments: [] });
  api.window = withData('window', { visibleTextEditors: [], activeTextEditor: undefined, visibleNotebookEditors: [] });
  const originalLoad = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? api : originalLoad.call(this, request, ...rest);
  };
  let ready;
  const serverReady = new Promise((resolve) => (ready = resolve));
  const subscriptions = [];
  let returned = false;
  subscriptions.push = function (...items) {
    // After activate() returned, its only push is the custom-resource feed, made once the client's
    // start() resolved (class names are minified in the production bundle, so no name check).
    if (returned) ready(performance.now());
    return Array.prototype.push.apply(this, items);
  };
  const context = {
    subscriptions,
    extensionPath: root,
    asAbsolutePath: (p) => join(root, p),
    workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
    globalState: { get: () => undefined, update: async () => {}, keys: () => [], setKeysForSync() {} },
    extensionMode: 1,
  };
  let start = performance.now();
  const extension = require(join(root, 'dist/client.js'));
  const loadMs = performance.now() - start;
  start = performance.now();
  const activated = extension.activate(context);
  const activateMs = performance.now() - start;
  returned = true;
  await activated;
  const serverReadyMs = (await Promise.race([serverReady, new Promise((r) => setTimeout(() => r(NaN), 20000))])) - start;
  process.stdout.write(JSON.stringify({ loadMs, activateMs, serverReadyMs, commands: commands.length }) + '\n');
  await extension.deactivate().catch(() => {});
  process.exit(0);
}
