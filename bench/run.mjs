// `npm run bench`: packages the extension (production build, as it ships), runs every benchmark in
// its own process, prints one table with ratios and budget verdicts (DESIGN.md, "Performance
// budgets") and writes bench/results.md. Every number comes from this run.
//
//   npm run bench [-- --quick] [-- --report-only]   (--report-only: redo the report from bench/tmp/last-run.json)
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from './profile-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const quickArg = process.argv.includes('--quick');
const q = quickArg ? ['--quick'] : [];
const began = Date.now();
const loadAtStart = loadavg()[0];

/** Runs a Node script; returns its stdout's JSON lines (stderr passes through). */
function node(script, args = [], nodeArgs = []) {
  const at = Date.now();
  process.stderr.write(`bench: ${script} ${args.join(' ')}\n`);
  const out = spawnSync(process.execPath, [...nodeArgs, join(root, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
  });
  if (out.status !== 0) throw new Error(`${script} failed (exit ${out.status})`);
  process.stderr.write(`bench: ${script} took ${((Date.now() - at) / 1000).toFixed(0)} s\n`);
  return out.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

// --report-only: rebuild the table and results.md from the last run's measurements (bench/tmp).
const lastRun = join(root, 'bench/tmp/last-run.json');
const { vsix, activation, analysis, lsp, engine, replay, profile, commit, date, minutes, quick, load } = process.argv.includes(
  '--report-only',
)
  ? JSON.parse(readFileSync(lastRun, 'utf8'))
  : measure();

function measure() {
  // 1. The package, built for production: the bundle every later step measures.
  process.stderr.write('bench: npm run package\n');
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const vsixPath = join(root, 'audit-policy.vsix');
  const vsix = { bytes: statSync(vsixPath).size, files: listZip(vsixPath) };

  // 2. Each benchmark in its own process.
  const activation = node('bench/activation.bench.mjs', q)[0];
  const analysis = node('bench/reach.bench.mjs', q);
  // Warm-up samples (JIT on a small file) are reported by the bench but not used.
  const lsp = node('bench/lsp.bench.mjs', q).filter((r) => !r.warmup);
  const engine = node('bench/engine.bench.mjs', q);
  const replay = node('bench/replay.bench.mjs', quickArg ? ['--bytes', '50M', '--runs', '1'] : ['--bytes', '200M', '--runs', '2']);
  const profileDir = join(root, 'bench/tmp/profile');
  rmSync(profileDir, { recursive: true, force: true });
  node('bench/profile-analysis.mjs', [], ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const profile = summarizeProfile(
    join(
      profileDir,
      readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')),
    ),
    8,
  );
  const commit = `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''}`;
  const date = new Date().toISOString();
  const measured = {
    vsix,
    activation,
    analysis,
    lsp,
    engine,
    replay,
    profile,
    commit,
    date,
    quick: quickArg,
    load: [loadAtStart, loadavg()[0]].map((l) => +l.toFixed(1)),
    minutes: ((Date.now() - began) / 60000).toFixed(1),
  };
  writeFileSync(lastRun, JSON.stringify(measured));
  return measured;
}

// 3. The table.
const fmtMs = (ms) =>
  ms === undefined || ms === null || Number.isNaN(ms) ? 'n/a' : ms >= 100 ? `${Math.round(ms)} ms` : `${+ms.toFixed(1)} ms`;
const ratio = (a, b) => (a && b ? +(a / b).toFixed(2) : null);
const lspRow = (metric, rules) => {
  const ours = lsp.find((r) => r.server === 'ours' && r.metric === metric && r.rules === rules);
  const theirs = lsp.find((r) => r.server === 'yaml-language-server' && r.metric === metric && r.rules === rules);
  return { ours, theirs };
};
const rows = [];
const row = (measure, ours, reference, r, budget, verdict) =>
  rows.push({ measure, ours, reference, ratio: r ?? '', budget: budget ?? '', verdict: verdict ?? '' });
const verdict = (ok) => (ok ? 'met' : 'MISSED');

for (const rules of [100, 500, 2000]) {
  const { ours, theirs } = lspRow('open', rules);
  const r = ratio(ours.median, theirs.median);
  row(
    `LSP open -> first diagnostics, ${rules.toLocaleString('en')} rules (median / p95)`,
    `${fmtMs(ours.median)} / ${fmtMs(ours.p95)}`,
    `${fmtMs(theirs.median)} / ${fmtMs(theirs.p95)}`,
    r,
    rules === 2000 ? 'ratio <= 0.1' : '',
    rules === 2000 ? `${verdict(r <= 0.1)}${r > 0.1 ? ` (${(r / 0.1).toFixed(0)}x over)` : ''}` : '',
  );
}
{
  const { ours, theirs } = lspRow('cold-open', 2000);
  row(
    'LSP fresh server: spawn, initialize, open -> diagnostics, 2,000 rules',
    fmtMs(ours.median),
    fmtMs(theirs.median),
    ratio(ours.median, theirs.median),
  );
}
for (const rules of [100, 500, 2000]) {
  const { ours, theirs } = lspRow('edit', rules);
  row(
    `LSP edit -> updated diagnostics, ${rules.toLocaleString('en')} rules (median / p95)`,
    `${fmtMs(ours.median)} / ${fmtMs(ours.p95)}`,
    `${fmtMs(theirs.median)} / ${fmtMs(theirs.p95)}`,
    ratio(ours.median, theirs.median),
  );
}
{
  const { ours, theirs } = lspRow('completion-typing', 2000);
  const supported = ours.answer !== 'method not found' && ours.answer !== 'null';
  row(
    'LSP completion right after typing, 2,000 rules (median / p95)',
    supported ? `${fmtMs(ours.median)} / ${fmtMs(ours.p95)} (${ours.answer})` : `not offered (${ours.answer}, ${fmtMs(ours.median)})`,
    `${fmtMs(theirs.median)} / ${fmtMs(theirs.p95)} (${theirs.answer})`,
    supported ? ratio(ours.median, theirs.median) : 'n/a',
    'median < 10 ms',
    supported ? verdict(ours.median < 10) : 'not measurable (no completion provider)',
  );
  const typing = lspRow('hover-typing', 2000);
  row(
    'LSP hover right after typing, 2,000 rules (median / p95)',
    `${fmtMs(typing.ours.median)} / ${fmtMs(typing.ours.p95)}`,
    `${fmtMs(typing.theirs.median)} / ${fmtMs(typing.theirs.p95)}`,
    ratio(typing.ours.median, typing.theirs.median),
    '(completion proxy) < 10 ms',
    verdict(typing.ours.median < 10),
  );
  const hover = lspRow('hover', 2000);
  row(
    'LSP hover, unchanged document, 2,000 rules (median / p95)',
    `${fmtMs(hover.ours.median)} / ${fmtMs(hover.ours.p95)}`,
    `${fmtMs(hover.theirs.median)} / ${fmtMs(hover.theirs.p95)}`,
    ratio(hover.ours.median, hover.theirs.median),
  );
  const rss = lspRow('peak-rss', 2000);
  row(
    'LSP server peak RSS after the run',
    `${rss.ours.peakRssMB} MB`,
    `${rss.theirs.peakRssMB} MB`,
    ratio(rss.ours.peakRssMB, rss.theirs.peakRssMB),
  );
}
for (const a of analysis.filter((r) => r.rules === 2000)) {
  row(
    `Full analysis, 2,000 rules, ${a.shape} shape (median; parse / reach alone)`,
    `${fmtMs(a.fullMedianMs)} (${fmtMs(a.parseMedianMs)} / ${fmtMs(a.reachMedianMs)})`,
    '',
    '',
    '< 100 ms',
    `${verdict(a.fullMedianMs < 100)}${a.fullMedianMs >= 100 ? ` (${(a.fullMedianMs / 100).toFixed(1)}x)` : ''}`,
  );
}
const replayMedian = (mode, key) => median(replay.filter((r) => r.mode === mode).map((r) => r[key]));
{
  const ours = replayMedian('replay', 'megabytesPerSecond');
  const parse = replayMedian('json-parse', 'megabytesPerSecond');
  const r = ratio(ours, parse);
  row('Replay throughput vs JSON.parse of the same log', `${ours} MB/s`, `${parse} MB/s`, r, 'ratio >= 1', verdict(r >= 1));
  row(
    'Replay --compare throughput',
    `${replayMedian('replay-compare', 'megabytesPerSecond')} MB/s`,
    `${parse} MB/s`,
    ratio(replayMedian('replay-compare', 'megabytesPerSecond'), parse),
  );
  row(
    'Replay peak RSS (vs JSON.parse only)',
    `${replayMedian('replay', 'peakRssMB')} MB`,
    `${replayMedian('json-parse', 'peakRssMB')} MB`,
    ratio(replayMedian('replay', 'peakRssMB'), replayMedian('json-parse', 'peakRssMB')),
  );
}
{
  const jsonRate = engine.find((r) => r.mode === 'JSON.parse of the lines').perSecond;
  for (const e of engine.filter((r) => r.mode === 'engine firstMatchingRule')) {
    row(
      `eval, engine first match, ${e.policy} (requests/s)`,
      e.perSecond.toLocaleString('en'),
      `${jsonRate.toLocaleString('en')} (JSON.parse/s)`,
      ratio(e.perSecond, jsonRate),
    );
  }
  for (const e of engine.filter((r) => r.mode?.startsWith('CLI'))) {
    row(`eval, CLI whole process, ${e.policy} (requests/s)`, e.perSecond.toLocaleString('en'), '', '');
  }
  const check = engine.find((r) => r.bench === 'cli-check');
  if (check)
    row(
      'CLI `check`, 2,000 rules, whole process under /usr/bin/time -v (wall / max RSS)',
      `${fmtMs(check.wallMs)} / ${check.maxRssMB} MB`,
      '',
      '',
    );
  const mem = engine.find((r) => r.bench === 'memory' && r.shape === 'examples');
  row(
    'Analysis memory, 2,000 rules, examples shape (peak RSS growth / retained heap)',
    `${mem.peakRssGrowthMB} MB / ${mem.retainedHeapMB} MB`,
    '',
    '',
  );
}
row(
  'Activation: load dist/client.js + activate() (stub vscode)',
  `${fmtMs(activation.loadMs + activation.activateMs)} (${fmtMs(activation.loadMs)} + ${fmtMs(activation.activateMs)})`,
  '',
  '',
  '< 50 ms',
  verdict(activation.loadMs + activation.activateMs < 50),
);
row('Activation until the server answered initialize', fmtMs(activation.serverReadyMs), '', '');
row(
  'Packaged .vsix',
  `${(vsix.bytes / 1024).toFixed(0)} KB, ${vsix.files.length} files`,
  '',
  '',
  '<= 1 MB, no dev files',
  verdict(vsix.bytes <= 1 << 20 && vsix.files.every((f) => !/\.(ts|map)$|node_modules\//.test(f))),
);

const table = [
  '| measure | ours | reference | ratio (ours / ref.) | budget | verdict |',
  '| --- | ---: | ---: | ---: | --- | --- |',
  ...rows.map((r) => `| ${r.measure} | ${r.ours} | ${r.reference} | ${r.ratio} | ${r.budget} | ${r.verdict} |`),
].join('\n');
console.log(table);

// 4. results.md.
const pkg = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? release();
const servers = lsp.find((r) => r.metric === 'servers');
const proofs = lsp.filter((r) => r.metric === 'validation-proof');
const md = `# Benchmark results

Recorded by \`npm run bench${quick ? ' -- --quick' : ''}\` (bench/run.mjs) on ${date}, in ${minutes} minutes.
Every number below comes from that run; nothing is copied by hand.

- Load average (1 min) at start / end: ${load ? load.join(' / ') : 'not recorded'} on ${cpus().length} cores (other work on the machine slows absolute times; the LSP ratios come from alternating samples)
- Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os}, Node ${process.version}
- Commit: ${commit} on branch ${git('rev-parse', '--abbrev-ref', 'HEAD')}
- Versions: audit-policy ${servers.ours?.version ?? '?'} (production bundle from \`npm run package\`), yaml-language-server ${servers.theirs.version}, yaml ${pkg('yaml')}, vscode-languageclient ${pkg('vscode-languageclient')}
- Mode: ${quick ? 'quick (fewer samples, 50 MB log)' : 'full'}

## Summary

${table}

How to read it:
- LSP rows: our bundled \`dist/server.js --stdio\` and yaml-language-server ${servers.theirs.version} (validating against
  \`bench/audit-policy.schema.json\`) driven by the same LSP client over stdio, on the same generated policy (rules copied
  from examples/, see \`examplesPolicy\` in bench/gen-policy.mjs). Samples alternate between the two servers, so the ratio
  holds when the machine is noisy. Times include each server's own debounce: ours publishes at once on open and 120 ms
  after a change; yaml-language-server waits 200 ms after open and after a change.
- "right after typing": an edit (a new line \`    v\` after a rule's level) is sent and the request follows at once;
  what the request waits for is what a user typing waits for.
- Reference of the replay rows: \`JSON.parse\` of every line of the same log, read and split the same way (the budget).
- Activation: a stub \`vscode\` module, so VS Code's own costs are not included (see bench/activation.bench.mjs).

## yaml-language-server really validates (checked before timing)

${proofs.map((p) => `- ${p.server}: ${p.ok ? 'reports' : 'DOES NOT report'} the errors of a broken policy: ${p.diagnostics.map((d) => `\`${d.replace(/`/g, "'")}\``).join('; ')}`).join('\n')}

## Analysis time per policy size (median of ${quick ? 3 : '7 (2,000 rules) or 15'} runs after a warm-up)

| shape | rules | text | full analysis (median / p90) | YAML parse alone | reachability alone | live / dead / unknown |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${analysis.map((a) => `| ${a.shape} | ${a.rules} | ${(a.textBytes / 1024).toFixed(0)} KB | ${fmtMs(a.fullMedianMs)} / ${fmtMs(a.fullP90Ms)} | ${fmtMs(a.parseMedianMs)} | ${fmtMs(a.reachMedianMs)} | ${a.live} / ${a.dead} / ${a.unknown} |`).join('\n')}

Memory of one analysis of 2,000 rules (child process, \`--expose-gc\`):

| shape | text | analysis | peak RSS | peak RSS growth | heap retained by the result |
| --- | ---: | ---: | ---: | ---: | ---: |
${engine
  .filter((r) => r.bench === 'memory')
  .map(
    (m) =>
      `| ${m.shape} | ${m.textKB} KB | ${fmtMs(m.analysisMs)} | ${m.peakRssMB} MB | ${m.peakRssGrowthMB} MB | ${m.retainedHeapMB} MB |`,
  )
  .join('\n')}

## Evaluation throughput (requests of a generated audit log, parsed beforehand)

| mode | policy | requests | per second |
| --- | --- | ---: | ---: |
${engine
  .filter((r) => r.bench === 'eval')
  .map((e) => `| ${e.mode} | ${e.policy ?? ''} | ${e.requests} | ${e.perSecond.toLocaleString('en')} |`)
  .join('\n')}

## Replay (${quick ? '50 MB log, 1 run' : '200 MB log, median of 2 interleaved runs'}; each mode in its own process)

| mode | events | MB/s | events/s | peak RSS |
| --- | ---: | ---: | ---: | ---: |
${['read', 'json-parse', 'replay', 'replay-compare'].map((m) => `| ${m} | ${replayMedian(m, 'events')} | ${replayMedian(m, 'megabytesPerSecond')} | ${replayMedian(m, 'eventsPerSecond').toLocaleString('en')} | ${replayMedian(m, 'peakRssMB')} MB |`).join('\n')}

## LSP details

| server | measure | rules | median | p95 | samples | answer / diagnostics |
| --- | --- | ---: | ---: | ---: | ---: | --- |
${lsp
  .filter((r) => r.median !== undefined)
  .map(
    (r) =>
      `| ${r.server} | ${r.metric} | ${r.rules} | ${fmtMs(r.median)} | ${fmtMs(r.p95)} | ${r.n} | ${r.answer ?? (r.diagnostics !== undefined ? `${r.diagnostics} diagnostics` : '')} |`,
  )
  .join('\n')}

Our server ${servers.oursCompletionProvider ? 'declares' : 'does not declare'} a completion provider on this commit.

## Activation and package

- Median of ${activation.runs} fresh processes: load ${fmtMs(activation.loadMs)}, activate() ${fmtMs(activation.activateMs)}, server answered initialize
  ${fmtMs(activation.serverReadyMs)} after activate() was called; ${activation.commands} commands registered.
- \`audit-policy.vsix\`: ${vsix.bytes.toLocaleString('en')} bytes, ${vsix.files.length} files: ${vsix.files.map((f) => `\`${f}\``).join(', ')}.

## Where the time of a 2,000-rule analysis goes (CPU profile, examples shape, 4 analyses)

\`node --cpu-prof bench/profile-analysis.mjs\`, self time, ${profile.totalMs} ms sampled:

| by source | ms | % |
| --- | ---: | ---: |
${profile.files.map((f) => `| ${f.name} | ${f.ms} | ${f.percent} |`).join('\n')}

| by function | ms | % |
| --- | ---: | ---: |
${profile.functions.map((f) => `| \`${f.name}\` | ${f.ms} | ${f.percent} |`).join('\n')}
`;
writeFileSync(join(root, 'bench/results.md'), md);
process.stderr.write(`bench: wrote bench/results.md (${minutes} min)\n`);

function median(list) {
  const sorted = list.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
}

function listZip(path) {
  try {
    return execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
