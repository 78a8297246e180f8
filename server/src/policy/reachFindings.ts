// Findings of the reachability analysis: `shadowed-rule` (the whole rule faded, with the rules that
// cover it) and `shadowed-entry`, and the fix that moves a dead rule above its first coverer when
// that leaves every rule it passes still reachable.
import type { Policy, PolicyRule } from './model';
import { moveKeepsRulesLive } from './reach';
import type { DeadEntry, ReachOptions, ReachResult } from './reach';
import { lineStarts, positionAt } from './text';
import type { Finding, Fix, Related } from './types';

/** Findings for dead rules and dead entries of `result`. */
export function reachFindings(result: ReachResult, policy: Policy, text: string, options: ReachOptions = {}): Finding[] {
  const starts = lineStarts(text);
  const lineOf = (rule: PolicyRule) => positionAt(starts, rule.span.start).line + 1;
  const related = (indexes: number[], what: string): Related[] =>
    indexes.map((i) => ({ span: policy.rules[i].span, message: `rule ${i + 1} (line ${lineOf(policy.rules[i])}) ${what}` }));
  const findings: Finding[] = [];
  let moveChecks = 0;
  for (const verdict of result.rules) {
    const rule = policy.rules[verdict.rule];
    // A rule whose URLs are all invalid matches nothing; validation already reports that as an error.
    if (verdict.reachable === false && !(verdict.shadowedBy.length === 0 && onlyInvalidUrls(rule))) {
      const by = verdict.shadowedBy;
      const names = by.map((i) => `rule ${i + 1} (line ${lineOf(policy.rules[i])})`);
      const cause =
        by.length === 0
          ? 'no request can match it'
          : by.length === 1
            ? `shadowed by ${names[0]}, which matches every request it could match`
            : `shadowed by ${joinNames(names)}, which together match every request it could match`;
      const fix = by.length > 0 && moveChecks++ < MAX_MOVE_FIXES ? moveFix(policy, result, verdict.rule, by[0], text, options) : undefined;
      findings.push({
        code: 'shadowed-rule',
        severity: 'warning',
        message: `Rule ${verdict.rule + 1} is never used: ${cause}. Rules are tried in order and the first match wins.`,
        span: rule.span,
        path: `rules[${verdict.rule}]`,
        related: related(by, 'takes these requests first'),
        tags: ['unnecessary'],
        fixes: fix ? [fix] : undefined,
      });
    }
    for (const entry of verdict.deadEntries) {
      const names = entry.shadowedBy.map((i) => `rule ${i + 1} (line ${lineOf(policy.rules[i])})`);
      findings.push({
        code: 'shadowed-entry',
        severity: 'hint',
        message: `${describeEntry(entry)} never takes effect in rule ${verdict.rule + 1}: every request it would add is matched first by ${joinNames(names) || 'an earlier rule'}.`,
        span: entry.span,
        path: `rules[${verdict.rule}].${entry.field}`,
        related: related(entry.shadowedBy, 'matches these requests first'),
        tags: ['unnecessary'],
      });
    }
  }
  return findings;
}

function describeEntry(entry: DeadEntry): string {
  if (entry.field === 'group') return `The resources entry for group ${entry.value === '' ? '"" (core)' : `\`${entry.value}\``}`;
  return `\`${entry.value === '' ? '""' : entry.value}\` in ${entry.field}`;
}

function onlyInvalidUrls(rule: PolicyRule): boolean {
  const resourceKind = rule.namespaces.length > 0 || rule.resources.length > 0;
  return !resourceKind && rule.nonResourceURLs.length > 0 && rule.nonResourceURLs.every((u) => u.value !== '*' && !u.value.startsWith('/'));
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Each move fix re-analyses a prefix of the policy, so only the first few dead rules get one. */
const MAX_MOVE_FIXES = 10;

/** Moving the dead rule above `target` is offered only when every rule it passes keeps deciding requests. */
function moveFix(policy: Policy, result: ReachResult, from: number, target: number, text: string, options: ReachOptions): Fix | undefined {
  if (!moveKeepsRulesLive(policy, result, from, target, options)) return undefined;
  const block = lineBlock(text, policy.rules[from]);
  const insertAt = lineBlock(text, policy.rules[target]).start;
  return {
    title: `Move rule ${from + 1} above rule ${target + 1}`,
    edits: [
      { span: { start: insertAt, end: insertAt }, newText: text.slice(block.start, block.end) },
      { span: block, newText: '' },
    ],
  };
}

/** The whole lines of a rule, from the start of its `- ` line to the end of its last line. */
function lineBlock(text: string, rule: PolicyRule): { start: number; end: number } {
  const start = text.lastIndexOf('\n', rule.span.start - 1) + 1;
  const newline = text.indexOf('\n', Math.max(rule.span.end - 1, rule.span.start));
  return { start, end: newline < 0 ? text.length : newline + 1 };
}
