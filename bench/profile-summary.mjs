// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per source file, so
// that a missed budget comes with its measured cause. Usage as a module: summarizeProfile(path, top).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Where a frame's code comes from: an engine file, the yaml package, node internals, or other. */
function origin(url) {
  if (!url) return '(native/GC)';
  if (url.includes('/node_modules/yaml/')) return 'yaml package';
  if (url.startsWith('node:')) return 'node internals';
  const engine = /server\/src\/(.+)\.js$/.exec(url);
  if (engine) return `server/src/${engine[1]}.ts`;
  return basename(url);
}

/** Self time by function and by origin, in milliseconds and percent of the profile. */
export function summarizeProfile(path, top = 10) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const files = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') continue;
    const where = origin(callFrame.url);
    const fn = `${callFrame.functionName || '(anonymous)'} (${where}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''})`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    files.set(where, (files.get(where) ?? 0) + us);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: +((100 * us) / total).toFixed(1) }));
  return { totalMs: Math.round(total / 1000), functions: rank(fns), files: rank(files) };
}
