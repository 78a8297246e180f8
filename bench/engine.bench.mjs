// Engine throughput and memory, one JSON line per measurement:
// - eval: evaluations per second over a stream of requests (the events of a generated audit log,
//   parsed beforehand), through the engine (out/) with firstMatchingRule (replay's path) and
//   evaluate (with the why-not trace), and through the CLI (`dist/cli.js eval --requests LOG`, one
//   process, startup and JSON parsing of every line included); JSON.parse of the same lines for scale;
// - cli-check: `audit-policy check` of the 2,000-rule policy under /usr/bin/time -v (wall, max RSS);
// - memory: peak RSS of a child process that analyses one 2,000-rule policy, minus the peak of the
//   same process before the analysis, and the heap the analysis result retains after a full GC.
//
//   node bench/engine.bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adversarialPolicy, examplesPolicy, realWorldPolicy, toYaml } from './gen-policy.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, memory: { type: 'string' } } });
const emit = (record) => console.log(JSON.stringify(record));
const tmp = join(root, 'bench/tmp');
mkdirSync(tmp, { recursive: true });
const SHAPES = { examples: examplesPolicy, 'real-world': realWorldPolicy, adversarial: adversarialPolicy };

if (values.memory) memoryChild(values.memory);
else main();

function main() {
  const events = values.quick ? 20000 : 50000;
  const log = join(tmp, `eval-${events}.jsonl`);
  if (!existsSync(log)) {
    const gen = spawnSync(
      process.execPath,
      [join(root, 'scripts/gen-audit-log.mjs'), '--events', String(events), '--seed', '2', '--out', log],
      {
        stdio: 'inherit',
      },
    );
    if (gen.status !== 0) process.exit(gen.status ?? 1);
  }
  const policy2000 = join(tmp, 'examples-2000.yaml');
  writeFileSync(policy2000, toYaml(examplesPolicy(2000)));
  const policies = {
    'kubernetes-docs-example (9 rules)': join(root, 'examples/kubernetes-docs-example.yaml'),
    'gke-style (17 rules)': join(root, 'examples/gke-style.yaml'),
    'examples shape (2,000 rules)': policy2000,
  };
  evalEngine(log, policies);
  evalCli(log, policies);
  checkCli(policy2000);
  for (const shape of Object.keys(SHAPES)) {
    const out = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory', shape], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    emit(JSON.parse(out.stdout));
  }
}

function evalEngine(log, policies) {
  const { analyze } = require(join(root, 'out/server/src/policy/analyze.js'));
  const { firstMatchingRule, evaluate } = require(join(root, 'out/server/src/policy/evaluate.js'));
  const { requestFromEvent } = require(join(root, 'out/server/src/policy/request.js'));
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  let start = performance.now();
  const parsed = lines.map((line) => JSON.parse(line));
  const jsonMs = performance.now() - start;
  emit({ bench: 'eval', mode: 'JSON.parse of the lines', requests: lines.length, perSecond: Math.round(lines.length / (jsonMs / 1000)) });
  const requests = parsed.map((event) => requestFromEvent(event)).flatMap((r) => (r.ok ? [r.request] : []));
  for (const [name, path] of Object.entries(policies)) {
    const policy = analyze(readFileSync(path, 'utf8')).policies[0].policy;
    for (const [mode, run] of Object.entries({
      'engine firstMatchingRule': (r) => firstMatchingRule(policy, r),
      'engine evaluate (with trace)': (r) => evaluate(policy, r),
    })) {
      // Trace evaluation on 2,000 rules is slow by nature (one step per earlier rule): fewer requests.
      const sample = mode.includes('trace') && name.includes('2,000') ? requests.slice(0, 5000) : requests;
      for (const r of sample.slice(0, 2000)) run(r); // warm-up
      start = performance.now();
      let matched = 0;
      for (const r of sample) {
        const out = run(r);
        if (out !== null && (typeof out === 'number' || out.rule !== null)) matched++;
      }
      const ms = performance.now() - start;
      emit({ bench: 'eval', mode, policy: name, requests: sample.length, matched, perSecond: Math.round(sample.length / (ms / 1000)) });
    }
  }
}

function evalCli(log, policies) {
  // The CLI computes every decision with its trace, so on 2,000 rules it gets the first 2,000 lines only.
  const all = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const short = join(tmp, 'eval-2000.jsonl');
  writeFileSync(short, all.slice(0, 2000).join('\n') + '\n');
  for (const [name, path] of Object.entries(policies)) {
    const input = name.includes('2,000') ? short : log;
    const start = performance.now();
    const out = spawnSync(process.execPath, [join(root, 'bin/audit-policy'), 'eval', path, '--requests', input], { maxBuffer: 1 << 30 });
    const ms = performance.now() - start;
    if (out.status === null) throw new Error(String(out.error));
    const printed = out.stdout.toString().split('\n').filter(Boolean).length;
    emit({
      bench: 'eval',
      mode: 'CLI eval --requests (whole process)',
      policy: name,
      requests: printed,
      exit: out.status,
      perSecond: Math.round(printed / (ms / 1000)),
      wallMs: Math.round(ms),
    });
  }
}

/** `audit-policy check` of the 2,000-rule policy under /usr/bin/time -v (whole process: wall time, peak RSS). */
function checkCli(path) {
  if (!existsSync('/usr/bin/time')) return;
  const runs = values.quick ? 1 : 3;
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'bin/audit-policy'), 'check', path], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const field = (name) => new RegExp(`${name}: (.+)`).exec(out.stderr)?.[1]?.trim();
    const [m, sec] = (field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? '0:0').split(':').slice(-2);
    samples.push({
      wallMs: Math.round((Number(m) * 60 + Number(sec)) * 1000),
      maxRssMB: Math.round(Number(field('Maximum resident set size \\(kbytes\\)')) / 1024),
      exit: out.status,
    });
  }
  samples.sort((a, b) => a.wallMs - b.wallMs);
  emit({ bench: 'cli-check', policy: 'examples shape (2,000 rules)', runs, ...samples[Math.floor(runs / 2)] });
}

function memoryChild(shape) {
  const { analyze } = require(join(root, 'out/server/src/policy/analyze.js'));
  const text = toYaml(SHAPES[shape](2000));
  globalThis.gc();
  const before = process.memoryUsage();
  const peakBefore = process.resourceUsage().maxRSS;
  const start = performance.now();
  const analysis = analyze(text);
  const ms = performance.now() - start;
  const peakAfter = process.resourceUsage().maxRSS;
  globalThis.gc();
  const after = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      bench: 'memory',
      shape,
      rules: 2000,
      textKB: Math.round(text.length / 1024),
      analysisMs: Math.round(ms),
      peakRssMB: Math.round(peakAfter / 1024),
      peakRssGrowthMB: Math.round((peakAfter - peakBefore) / 1024),
      retainedHeapMB: +((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(1),
      findings: analysis.findings.length,
    }),
  );
}
