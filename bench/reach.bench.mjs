// Analysis time for policies of 100, 500 and 2,000 rules, real-world and adversarial shapes
// (bench/gen-policy.mjs): the full analysis through the engine's single entry point (parse, load,
// validate, reachability, findings) and the reachability analysis alone on the decoded policy.
// Prints one JSON line per case. Run after `npx tsc -b`: node bench/reach.bench.mjs [--quick]
import { createRequire } from 'node:module';
import { adversarialPolicy, realWorldPolicy, toYaml } from './gen-policy.mjs';

const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/policy/analyze.js');
const { policyFromPlain } = require('../out/server/src/policy/plain.js');
const { analyzeReachability } = require('../out/server/src/policy/reach.js');

const quick = process.argv.includes('--quick');
const SIZES = [100, 500, 2000];
const SHAPES = { 'real-world': realWorldPolicy, adversarial: adversarialPolicy };

/** Median and 90th percentile of `runs` timings of `task` (after one warm-up run). */
function time(task, runs) {
  task();
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = task();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q) => +times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  return { median: at(0.5), p90: at(0.9), last };
}

for (const [shape, generate] of Object.entries(SHAPES)) {
  for (const n of SIZES) {
    const plain = generate(n);
    const text = toYaml(plain);
    const runs = quick ? 5 : n >= 2000 ? 15 : 31;
    // A fresh policy object per run (made beforehand): the analysis caches its compiled form per policy.
    const policies = Array.from({ length: runs + 1 }, () => policyFromPlain(plain));
    const reachOnly = time(() => analyzeReachability(policies.pop()), runs);
    const full = time(() => analyze(text), runs);
    const verdicts = reachOnly.last.rules;
    console.log(
      JSON.stringify({
        shape,
        rules: n,
        fullMedianMs: full.median,
        fullP90Ms: full.p90,
        reachMedianMs: reachOnly.median,
        reachP90Ms: reachOnly.p90,
        live: verdicts.filter((r) => r.reachable === true).length,
        dead: verdicts.filter((r) => r.reachable === false).length,
        unknown: verdicts.filter((r) => r.reachable === null).length,
        deadEntries: verdicts.reduce((sum, r) => sum + r.deadEntries.length, 0),
        complete: reachOnly.last.complete,
      }),
    );
  }
}
