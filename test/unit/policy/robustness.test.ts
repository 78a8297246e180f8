// Bad input never crashes the engine: seeded mutations of the example policies (brackets, tabs,
// anchors, merge keys, BOMs, document markers, YAML 1.1 scalars...) go through analyze and hover.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../server/src/policy/analyze';
import { hoverAt } from '../../../server/src/policy/hover';

const dir = resolve(__dirname, '../../../../examples');
const seeds = readdirSync(dir).map((f) => readFileSync(resolve(dir, f), 'utf8'));
const JUNK = [
  '\t',
  '[',
  ']',
  '{',
  '}',
  ':',
  '- ',
  '&a ',
  '*a',
  '<<: *a\n',
  '"',
  "'",
  '\n',
  '  ',
  '#',
  '|',
  '>',
  '~',
  'null',
  'on',
  '1e3',
  'é',
  '😀',
  '---\n',
  '%YAML 1.1\n',
  '!!str ',
  'level: ',
  'rules:\n',
  '\r\n',
  '\uFEFF',
];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('robustness', () => {
  it('600 mutated policies analyse and hover without throwing', () => {
    const r = random(12345);
    for (let run = 0; run < 600; run++) {
      let text = seeds[Math.floor(r() * seeds.length)];
      for (let i = 1 + Math.floor(r() * 8); i > 0; i--) {
        const at = Math.floor(r() * text.length);
        text = text.slice(0, at) + (r() < 0.7 ? JUNK[Math.floor(r() * JUNK.length)] : '') + text.slice(at + Math.floor(r() * 6));
      }
      try {
        const analysis = analyze(text);
        for (let j = 0; j < 3; j++) hoverAt(analysis, Math.floor(r() * text.length));
      } catch (error) {
        assert.fail(`run ${run} threw ${String(error)} on:\n${text}`);
      }
    }
  });
});
