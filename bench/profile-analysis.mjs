// The workload profiled by bench/run.mjs (node --cpu-prof): full analyses of the 2,000-rule policy
// of the examples shape, after one warm-up, so that a missed analysis budget comes with its cause.
import { createRequire } from 'node:module';
import { examplesPolicy, toYaml } from './gen-policy.mjs';

const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/policy/analyze.js');
const text = toYaml(examplesPolicy(2000));
for (let i = 0; i < 4; i++) analyze(text);
