// Full analysis time (parse, load, validate, reachability) for policies of 100, 500 and 2,000
// rules, real-world and adversarial, through the engine's single entry point. Prints JSON lines.
import { createRequire } from 'node:module';
import { adversarialPolicy, realWorldPolicy, toYaml } from './gen-policy.mjs';

const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/policy/analyze.js');

const quick = process.argv.includes('--quick');
const sizes = [100, 500, 2000];
const results = [];
for (const shape of ['real-world', 'adversarial']) {
  for (const n of sizes) {
    const text = toYaml(shape === 'real-world' ? realWorldPolicy(n) : adversarialPolicy(n));
    analyze(text); // warm up the JIT and the catalogue
    const runs = quick ? 3 : n >= 2000 ? 7 : 15;
    const times = [];
    let analysis;
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      analysis = analyze(text);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const reach = analysis.policies[0].reach;
    results.push({
      bench: 'analyze',
      shape,
      rules: n,
      medianMs: +times[Math.floor(times.length / 2)].toFixed(1),
      minMs: +times[0].toFixed(1),
      dead: reach.rules.filter((r) => r.reachable === false).length,
      unknown: reach.rules.filter((r) => r.reachable === null).length,
      complete: reach.complete,
    });
  }
}
for (const r of results) console.log(JSON.stringify(r));
