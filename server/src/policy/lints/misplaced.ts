// Quick fixes for rule fields written one level too deep (inside a `resources` entry, where
// kube-apiserver drops them): move the key with its value up into the rule, re-indented.
import type { Policy } from '../model';
import type { Finding } from '../types';

const RULE_KEYS = new Set(['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs', 'omitStages', 'omitManagedFields', 'level']);

/** Adds a move fix to each `misplaced-field` finding about a rule field inside a resources entry. */
export function withMoveFixes(findings: Finding[], policy: Policy, text: string): Finding[] {
  return findings.map((finding) => {
    if (finding.code !== 'misplaced-field' || (finding.fixes?.length ?? 0) > 0) return finding;
    const key = text.slice(finding.span.start, finding.span.end);
    if (!RULE_KEYS.has(key)) return finding;
    const rule = policy.rules.find((r) => r.span.start <= finding.span.start && finding.span.end <= r.span.end);
    const entry = rule?.resources.find((e) => e.span.start <= finding.span.start && finding.span.end <= e.span.end);
    if (!rule || !entry || rule.keys[key]) return finding;
    const edits = moveEdits(text, finding.span.start, entry.span.end, rule.span.start);
    return edits ? { ...finding, fixes: [{ title: `Move \`${key}\` to the rule`, edits, preferred: true }] } : finding;
  });
}

/**
 * Cuts the key's lines (the key line and the deeper lines under it) and pastes them before the
 * rule's first key line... after it, in fact: at the line after the rule's first line, at the
 * rule's key column.
 */
function moveEdits(text: string, keyStart: number, entryEnd: number, ruleStart: number) {
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(lineStart, keyStart).trim() !== '') return undefined;
  const keyCol = keyStart - lineStart;
  // The key's block: its line and following lines indented deeper than the key, within the entry.
  let end = text.indexOf('\n', keyStart);
  end = end < 0 ? text.length : end + 1;
  while (end < text.length && end < entryEnd + 1) {
    const next = text.indexOf('\n', end);
    const line = text.slice(end, next < 0 ? text.length : next);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '' && indent <= keyCol) break;
    end = next < 0 ? text.length : next + 1;
  }
  const ruleLineStart = text.lastIndexOf('\n', ruleStart - 1) + 1;
  const ruleCol = ruleStart - ruleLineStart;
  const afterRuleLine = text.indexOf('\n', ruleStart);
  if (afterRuleLine < 0 || afterRuleLine + 1 > lineStart) return undefined;
  const shift = keyCol - ruleCol;
  const moved = text
    .slice(lineStart, end)
    .split('\n')
    .map((line) => (line.slice(0, shift).trim() === '' ? line.slice(shift) : line))
    .join('\n');
  return [
    { span: { start: afterRuleLine + 1, end: afterRuleLine + 1 }, newText: moved.endsWith('\n') ? moved : `${moved}\n` },
    { span: { start: lineStart, end }, newText: '' },
  ];
}
