// Replay throughput and peak memory against merely JSON.parse-ing the same log (DESIGN.md budget:
// replay at least as fast as JSON.parse alone, in constant memory). Each mode runs in its own
// process so that its peak RSS is its own. Prints one JSON line per mode.
//
//   node bench/replay.bench.mjs [--log FILE | --bytes 200M] [--policy FILE] [--compare FILE] [--runs N]
//
// Without --log, a log of --bytes (default 200M) is generated with scripts/gen-audit-log.mjs into
// the OS temp directory (seed 1). For the 1 GB figure: node bench/replay.bench.mjs --bytes 1G
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    log: { type: 'string' },
    bytes: { type: 'string', default: '200M' },
    policy: { type: 'string', default: join(root, 'examples/kubernetes-docs-example.yaml') },
    compare: { type: 'string', default: join(root, 'examples/gke-style.yaml') },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
});

if (values.child) await child(values.child, values.log);
else parent();

function parent() {
  const log = values.log ?? join(tmpdir(), `audit-policy-bench-${values.bytes}.jsonl`);
  if (!existsSync(log)) {
    const gen = spawnSync(
      process.execPath,
      [join(root, 'scripts/gen-audit-log.mjs'), '--bytes', values.bytes, '--seed', '1', '--out', log],
      { stdio: 'inherit' },
    );
    if (gen.status !== 0) process.exit(gen.status ?? 1);
  }
  const modes = ['read', 'json-parse', 'replay', 'replay-compare'];
  for (let run = 0; run < Number(values.runs); run++) {
    // Interleaved, so that a noisy neighbour slows every mode alike.
    for (const mode of modes) {
      const args = [fileURLToPath(import.meta.url), '--child', mode, '--log', log, '--policy', values.policy, '--compare', values.compare];
      const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (out.status !== 0) {
        console.error(out.stderr);
        process.exit(1);
      }
      console.log(JSON.stringify({ run, ...JSON.parse(out.stdout), logBytes: statSync(log).size }));
    }
  }
}

async function child(mode, log) {
  const { logLines } = require(join(root, 'out/server/src/policy/logSource.js'));
  const { replay } = require(join(root, 'out/server/src/policy/replay.js'));
  const { analyze } = require(join(root, 'out/server/src/policy/analyze.js'));
  const load = (path) => analyze(readFileSync(path, 'utf8')).policies[0].policy;
  const chunks = () => createReadStream(log, { highWaterMark: 1 << 20 });
  const start = process.hrtime.bigint();
  let events = 0;
  if (mode === 'read' || mode === 'json-parse') {
    // The same reading and line splitting as replay, then JSON.parse of every line (or nothing).
    for await (const batch of logLines(chunks())) {
      for (const line of batch.lines) {
        if (mode === 'json-parse') JSON.parse(line.toString('utf8'));
        events++;
      }
    }
  } else {
    const options = mode === 'replay-compare' ? { compare: load(values.compare) } : {};
    const result = await replay(load(values.policy), [{ name: log, chunks: chunks() }], options);
    events = result.totals.events;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const bytes = statSync(log).size;
  process.stdout.write(
    JSON.stringify({
      bench: 'replay',
      mode,
      events,
      seconds: +seconds.toFixed(2),
      eventsPerSecond: Math.round(events / seconds),
      megabytesPerSecond: +(bytes / 1e6 / seconds).toFixed(1),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}
