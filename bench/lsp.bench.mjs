// LSP latency of our bundled server (dist/server.js --stdio) and of Red Hat's yaml-language-server
// (pinned devDependency, validating with bench/audit-policy.schema.json), on the same files, in one
// run: both servers stay up and samples alternate between them, so a noisy neighbour slows both
// alike and the ratios hold. Prints one JSON line per measurement.
//
//   node bench/lsp.bench.mjs [--quick] [--sizes 100,500,2000]
//
// Measured (milliseconds from sending the message to receiving the answer):
// - open: didOpen of a new URI -> its first publishDiagnostics (servers warm, document new);
// - cold-open: spawn the server, initialize, didOpen -> first publishDiagnostics (2,000 rules);
// - edit: one incremental didChange (a rule's level) -> publishDiagnostics for that version;
// - completion-typing: insert a key prefix on a new line, then textDocument/completion there;
// - hover-typing: one incremental didChange, then textDocument/hover on a rule's level key;
// - hover: textDocument/hover on a rule's level key of an unchanged document.
// Each server's own debounce is part of what it takes (ours: none on open, 120 ms on change;
// yaml-language-server 1.x: 200 ms on both), and is reported with the results.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { examplesPolicy, toYaml } from './gen-policy.mjs';
import { METHOD_NOT_FOUND, startClient } from './lsp-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, sizes: { type: 'string', default: '100,500,2000' } },
});
const quick = values.quick;
const SIZES = values.sizes.split(',').map(Number);
const BIG = Math.max(...SIZES);
const tmp = join(root, 'bench/tmp');
mkdirSync(tmp, { recursive: true });
const schemaPath = join(root, 'bench/audit-policy.schema.json');
const ylsPackage = JSON.parse(readFileSync(join(root, 'node_modules/yaml-language-server/package.json'), 'utf8'));

const SERVERS = {
  ours: { args: [join(root, 'dist/server.js'), '--stdio'], settings: { auditPolicy: {} } },
  'yaml-language-server': {
    args: [join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    settings: {
      yaml: {
        schemas: { [pathToFileURL(schemaPath).href]: '*.yaml' },
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
      },
      http: {},
      '[yaml]': {},
      editor: { tabSize: 2 },
    },
  },
};

const emit = (record) => console.log(JSON.stringify({ bench: 'lsp', ...record }));

/** Median, p95 and count of a list of milliseconds. */
function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => +sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2);
  return { median: at(0.5), p95: at(0.95), n: sorted.length };
}

let uriCounter = 0;
/** A fresh file URI (written to bench/tmp so that it exists), so no server can answer from a cache. */
function freshUri(rules, text) {
  const path = join(tmp, `policy-${rules}-${process.pid}-${uriCounter++}.yaml`);
  writeFileSync(path, text);
  return pathToFileURL(path).href;
}

/** Line index of every rule's `- level:` line. */
function ruleLines(text) {
  return text.split('\n').flatMap((line, i) => (/^ {2}- level: /.test(line) ? [i] : []));
}

async function startAll() {
  const clients = {};
  for (const [name, server] of Object.entries(SERVERS)) clients[name] = await startClient(server);
  return clients;
}

/** Proves that each server validates: a broken policy must get the expected diagnostics. */
async function proveValidation(clients) {
  const broken = [
    'apiVersion: audit.k8s.io/v1',
    'kind: Policy',
    'rules:',
    '  - level: Loud',
    '    verbz: ["get"]',
    '  - level: Metadata',
    '    omitStages: ["Metadata"]',
    '',
  ].join('\n');
  for (const [name, client] of Object.entries(clients)) {
    const { diagnostics } = await client.open(freshUri('broken', broken), broken);
    const lines = new Set(diagnostics.map((d) => d.range.start.line));
    const ok = lines.has(3) && lines.has(4) && lines.has(6);
    emit({
      server: name,
      metric: 'validation-proof',
      ok,
      diagnostics: diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message.split('\n')[0]}`),
    });
    if (!ok) throw new Error(`${name} does not report the schema errors of a broken policy: the comparison would be meaningless`);
  }
}

/** Runs `sample(client, name, i)` for every server in turn, `count` times, alternating who goes first. */
async function alternate(clients, count, sample) {
  const names = Object.keys(clients);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < count; i++) {
    const order = i % 2 ? [...names].reverse() : names;
    for (const name of order) out[name].push(await sample(clients[name], name, i));
  }
  return out;
}

async function measureOpen(clients, rules, text, count, warmup = false) {
  const diagnosticCounts = {};
  const times = await alternate(clients, count, async (client, name) => {
    const uri = freshUri(rules, text);
    const { ms, diagnostics } = await client.open(uri, text);
    diagnosticCounts[name] = diagnostics.length;
    await client.close(uri);
    return ms;
  });
  for (const [name, ms] of Object.entries(times))
    emit({ server: name, metric: 'open', rules, ...stats(ms), diagnostics: diagnosticCounts[name], ...(warmup ? { warmup } : {}) });
}

async function measureEdit(clients, rules, text, count) {
  const lines = ruleLines(text);
  const line = lines[Math.floor(lines.length / 2)];
  const uris = {};
  for (const [name, client] of Object.entries(clients)) await client.open((uris[name] = freshUri(rules, text)), text);
  const versions = Object.fromEntries(Object.keys(clients).map((n) => [n, 1]));
  // Each sample flips that rule's level between Metadata and Request (valid either way).
  const start = text.split('\n')[line].indexOf('level: ') + 'level: '.length;
  const levels = Object.fromEntries(Object.keys(clients).map((n) => [n, text.split('\n')[line].slice(start)]));
  const times = await alternate(clients, count, async (client, name) => {
    const next = levels[name] === 'Request' ? 'Metadata' : 'Request';
    const change = { range: { start: { line, character: start }, end: { line, character: start + levels[name].length } }, text: next };
    levels[name] = next;
    const { ms } = await client.change(uris[name], ++versions[name], [change]);
    return ms;
  });
  for (const [name, ms] of Object.entries(times)) emit({ server: name, metric: 'edit', rules, ...stats(ms) });
  for (const [name, client] of Object.entries(clients)) await client.close(uris[name]);
}

/** Completion and hover right after an edit (typing), and hover on an unchanged document. */
async function measureRequests(clients, rules, text, count) {
  const lines = ruleLines(text);
  const uris = {};
  const versions = {};
  const clean = {};
  for (const [name, client] of Object.entries(clients)) {
    clean[name] = (await client.open((uris[name] = freshUri(rules, text)), text)).diagnostics.length;
    versions[name] = 1;
  }
  const pick = (i) => lines[(i * 7919) % lines.length];
  const answers = {};
  const note = (name, metric, answer) => {
    const key = `${name}/${metric}`;
    if (answer.error) answers[key] = answer.error.code === METHOD_NOT_FOUND ? 'method not found' : `error ${answer.error.code}`;
    else if (answer.result === null || answer.result === undefined) answers[key] ??= 'null';
    else {
      const items = Array.isArray(answer.result) ? answer.result : answer.result.items;
      answers[key] = items ? `${items.length} items` : 'answered';
    }
  };

  // Typing a key: insert "    v" on a new line after a rule's level (a YAML error until the key is
  // finished), ask at its end, then take the line out again and wait for its diagnostics.
  const typed = async (client, name, i, ask) => {
    const line = pick(i) + 1;
    const insert = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '    v\n' };
    await client.sendChange(uris[name], ++versions[name], [insert]);
    const answer = await ask(client, name, line);
    const remove = { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
    // Wait for the restored text's diagnostics. yaml-language-server publishes without versions, so
    // its publish is told apart by count (as many as at open): a late publish for the broken text
    // must not end the wait early and leave it still validating when the next sample starts.
    await client.change(uris[name], ++versions[name], [remove], (params) => params.diagnostics.length === clean[name]);
    return answer;
  };
  const completion = await alternate(clients, count, (client, name, i) =>
    typed(client, name, i, async (c, n, line) => {
      const answer = await c.timed('textDocument/completion', { textDocument: { uri: uris[n] }, position: { line, character: 5 } });
      note(n, 'completion-typing', answer);
      return answer.ms;
    }),
  );
  const hoverTyping = await alternate(clients, count, (client, name, i) =>
    typed(client, name, i, async (c, n, line) => {
      const answer = await c.timed('textDocument/hover', { textDocument: { uri: uris[n] }, position: { line: line - 1, character: 5 } });
      note(n, 'hover-typing', answer);
      return answer.ms;
    }),
  );
  const hover = await alternate(clients, count, async (client, name, i) => {
    const answer = await client.timed('textDocument/hover', {
      textDocument: { uri: uris[name] },
      position: { line: pick(i), character: 5 },
    });
    note(name, 'hover', answer);
    return answer.ms;
  });
  for (const [metric, times] of Object.entries({ 'completion-typing': completion, 'hover-typing': hoverTyping, hover })) {
    for (const [name, ms] of Object.entries(times))
      emit({ server: name, metric, rules, ...stats(ms), answer: answers[`${name}/${metric}`] });
  }
  for (const [name, client] of Object.entries(clients)) await client.close(uris[name]);
}

/** Fresh server processes: spawn, initialize, open the big policy, first diagnostics. */
async function measureColdOpen(text, count) {
  const times = Object.fromEntries(Object.keys(SERVERS).map((n) => [n, []]));
  const init = Object.fromEntries(Object.keys(SERVERS).map((n) => [n, []]));
  for (let i = 0; i < count; i++) {
    for (const [name, server] of Object.entries(SERVERS)) {
      const start = performance.now();
      const client = await startClient(server);
      await client.open(freshUri(BIG, text), text);
      times[name].push(performance.now() - start);
      init[name].push(client.initializedMs);
      await client.stop();
    }
  }
  for (const name of Object.keys(SERVERS)) {
    emit({ server: name, metric: 'cold-open', rules: BIG, ...stats(times[name]), initializeMedian: stats(init[name]).median });
  }
}

const texts = Object.fromEntries(SIZES.map((n) => [n, toYaml(examplesPolicy(n))]));
const clients = await startAll();
emit({
  metric: 'servers',
  ours: clients.ours.serverInfo ?? null,
  theirs: { name: 'yaml-language-server', version: ylsPackage.version },
  oursCompletionProvider: Boolean(clients.ours.capabilities.completionProvider),
});
await proveValidation(clients);
// Warm-up: JIT both servers on a small file before timing anything.
await measureOpen(clients, SIZES[0], texts[SIZES[0]], 3, true);
for (const n of SIZES) {
  const count = quick ? (n >= 2000 ? 5 : 9) : n >= 2000 ? 11 : 15;
  await measureOpen(clients, n, texts[n], count);
  await measureEdit(clients, n, texts[n], count);
}
await measureRequests(clients, BIG, texts[BIG], quick ? 9 : 21);
for (const [name, client] of Object.entries(clients)) emit({ server: name, metric: 'peak-rss', rules: BIG, peakRssMB: client.peakRssMB() });
for (const client of Object.values(clients)) await client.stop();
await measureColdOpen(texts[BIG], quick ? 1 : 3);
