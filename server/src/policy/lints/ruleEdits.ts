// Edits that add whole rules or policy keys, written in the style of the policy around them (block
// sequences at the same indentation). Undefined where the layout is not one we can extend safely.
import type { Policy, PolicyRule } from '../model';
import type { Edit } from '../types';

/** `- level: Metadata` + lines, as YAML lines of one rule, first line without indentation. */
export type RuleLines = readonly string[];

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The `"  - "` before a rule's first key, when the rule is a block sequence item. */
function itemPrefix(text: string, rule: PolicyRule): string | undefined {
  const prefix = text.slice(lineStartOf(text, rule.span.start), rule.span.start);
  return /^ *- +$/.test(prefix) ? prefix : undefined;
}

function render(prefix: string, lines: RuleLines): string {
  const keyIndent = ' '.repeat(prefix.length);
  return lines.map((line, i) => (i === 0 ? prefix + line : keyIndent + line)).join('\n') + '\n';
}

/** Inserts a rule just before `rule` (so it is tried first). */
export function insertRuleBefore(text: string, rule: PolicyRule, lines: RuleLines): Edit | undefined {
  const prefix = itemPrefix(text, rule);
  if (!prefix) return undefined;
  const at = lineStartOf(text, rule.span.start);
  return { span: { start: at, end: at }, newText: render(prefix, lines) };
}

/** Appends a rule after the last one. */
export function appendRule(text: string, policy: Policy, lines: RuleLines): Edit | undefined {
  const last = policy.rules[policy.rules.length - 1];
  if (!last) return undefined;
  const prefix = itemPrefix(text, last);
  if (!prefix) return undefined;
  let end = text.indexOf('\n', Math.max(last.span.end - 1, last.span.start));
  if (end < 0) return { span: { start: text.length, end: text.length }, newText: `\n${render(prefix, lines)}` };
  end += 1;
  return { span: { start: end, end }, newText: render(prefix, lines) };
}

/** Sets a policy-level key written before `rules:` (or replaces its value when present). */
export function setPolicyKey(text: string, policy: Policy, key: string, value: string | readonly string[]): Edit | undefined {
  const existing = policy.keys[key];
  const rules = policy.keys.rules;
  if (!rules) return undefined;
  const indent = text.slice(lineStartOf(text, rules.keySpan.start), rules.keySpan.start);
  if (!/^ *$/.test(indent)) return undefined;
  // A string is an inline value; lines are a block under the key.
  const block = typeof value === 'string' ? ` ${value}` : `\n${value.map((l) => `${indent}${l}`).join('\n')}`;
  if (existing) return { span: { start: existing.keySpan.start, end: existing.valueSpan.end }, newText: `${key}:${block}` };
  const at = lineStartOf(text, rules.keySpan.start);
  return { span: { start: at, end: at }, newText: `${indent}${key}:${block}\n` };
}
