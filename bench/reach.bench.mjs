// Analysis time for policies of 100, 500 and 2,000 rules in three shapes (bench/gen-policy.mjs):
// rules copied from examples/, synthetic real-world families, and adversarial grids. Measures the
// full analysis through the engine's single entry point (parse, load, validate, reachability,
// findings), YAML parsing alone (parsePolicyFile) and the reachability analysis alone on the
// decoded policy. Prints one JSON line per case. Run after `npx tsc -b`:
//   node bench/reach.bench.mjs [--quick] [--shapes examples,real-world,adversarial]
import { createRequire } from 'node:module';
import { adversarialPolicy, examplesPolicy, realWorldPolicy, toYaml } from './gen-policy.mjs';

const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/policy/analyze.js');
const { policyFromPlain } = require('../out/server/src/policy/plain.js');
const { analyzeReachability } = require('../out/server/src/policy/reach.js');
const { parsePolicyFile } = require('../out/server/src/policy/document.js');

const quick = process.argv.includes('--quick');
const SIZES = [100, 500, 2000];
const ALL_SHAPES = { examples: examplesPolicy, 'real-world': realWorldPolicy, adversarial: adversarialPolicy };
const shapesArg = process.argv.find((a) => a.startsWith('--shapes='))?.slice('--shapes='.length);
const SHAPES = Object.fromEntries(Object.entries(ALL_SHAPES).filter(([name]) => !shapesArg || shapesArg.split(',').includes(name)));

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
    const runs = quick ? 3 : n >= 2000 ? 7 : 15;
    // A fresh policy object per run (made beforehand): the analysis caches its compiled form per policy.
    const policies = Array.from({ length: runs + 1 }, () => policyFromPlain(plain));
    const reachOnly = time(() => analyzeReachability(policies.pop()), runs);
    const full = time(() => analyze(text), runs);
    const parse = time(() => parsePolicyFile(text), runs);
    const verdicts = reachOnly.last.rules;
    console.log(
      JSON.stringify({
        bench: 'analysis',
        shape,
        rules: n,
        fullMedianMs: full.median,
        fullP90Ms: full.p90,
        parseMedianMs: parse.median,
        textBytes: text.length,
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
