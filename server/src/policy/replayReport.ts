// The two presentations of a replay: JSON (stable field names, for scripts) and text (for people).
// Byte totals that depend on bodies the log does not hold are "unknown", with the lower bound beside.
import { STAGES } from './fields';
import type { Policy } from './model';
import { formatShorthand } from './request';
import type { BytesEstimate, LevelChange, PolicyReplay, ReplayResult, RuleReplay } from './replay';

export interface LoadedPolicy {
  path: string;
  policy: Policy;
  hasErrors: boolean;
  /** 1-based line of each rule in the policy file. */
  ruleLines: number[];
}

/** The JSON document of `replay --format json`. */
export function replayJson(result: ReplayResult, logs: string[], main: LoadedPolicy, other?: LoadedPolicy): object {
  const absent = absentStages(result);
  const out: Record<string, unknown> = {
    logs,
    totals: result.totals,
    stagesAbsentFromLog: absent,
    malformed: result.malformed,
    policy: policyJson(result.policy, main, result.totals.requests, absent),
  };
  if (result.compare && other) {
    out.compare = {
      ...policyJson(result.compare.policy, other, result.totals.requests, absent),
      bytesDelta: bytesDelta(result.policy.bytes, result.compare.policy.bytes),
      changes: result.compare.changes.map((c) => ({ ...c, examples: c.examples.map(formatShorthand) })),
    };
  }
  if (result.cancelled) out.cancelled = true;
  return out;
}

function policyJson(p: PolicyReplay, loaded: LoadedPolicy, requests: number, absent: string[]) {
  return {
    path: loaded.path,
    keptEvents: p.keptEvents,
    ...bytesJson(p.bytes),
    rules: p.rules.map((r) => ruleJson(r, loaded.ruleLines[r.rule!] ?? null, requests, absent)),
    unmatched: ruleJson(p.unmatched, null, requests, absent),
  };
}

function ruleJson(r: RuleReplay, line: number | null, requests: number, absent: string[]) {
  return {
    rule: r.rule,
    line,
    level: r.level,
    omitStages: r.omitStages,
    events: r.events,
    requests: r.requests,
    requestShare: requests === 0 ? 0 : r.requests / requests,
    eventsByStage: r.eventsByStage,
    keptEvents: r.keptEvents,
    ...bytesJson(r.bytes),
    uncountedStages: uncountedStages(r, absent),
    top: r.top,
  };
}

function bytesJson(b: BytesEstimate) {
  return {
    bytes: b.unknownBodyEvents > 0 ? 'unknown' : b.metadata + b.bodies,
    bytesAtLeast: b.metadata + b.bodies,
    bytesMetadata: b.metadata,
    bytesBodies: b.bodies,
    unknownBodyEvents: b.unknownBodyEvents,
  };
}

function bytesDelta(a: BytesEstimate, b: BytesEstimate): number | 'unknown' {
  return a.unknownBodyEvents + b.unknownBodyEvents > 0 ? 'unknown' : b.metadata + b.bodies - (a.metadata + a.bodies);
}

/** Stages no event of the log has: the policy that wrote it left them out (Panic is just rare). */
function absentStages(result: ReplayResult): string[] {
  if (result.totals.events === 0) return [];
  return STAGES.filter((s) => s !== 'Panic' && !result.totals.eventsByStage[s]);
}

/** Stages the rule would write that the log cannot show, so its counts leave them out. */
function uncountedStages(r: RuleReplay, absent: string[]): string[] {
  if (r.level === 'None' || r.level === '') return [];
  return absent.filter((s) => !r.omitStages.includes(s));
}

/** The text report of `replay`. */
export function replayText(result: ReplayResult, logs: string[], main: LoadedPolicy, other?: LoadedPolicy): string {
  const t = result.totals;
  const absent = absentStages(result);
  const out: string[] = [
    `${logs.length === 1 ? logs[0] : `${logs.length} logs`}: ${count(t.events)} events of ${count(t.requests)} requests, ${size(t.bytes)}` +
      `${t.malformedLines > 0 ? `, ${count(t.malformedLines)} malformed lines` : ''}${result.cancelled ? ' (cancelled before the end)' : ''}`,
  ];
  const levels = Object.entries(t.eventsByLevel).map(([level, n]) => `${level || '(none)'} ${count(n)}`);
  if (levels.length > 0) out.push(`written at: ${levels.join(', ')}`);
  if (absent.length > 0) out.push(`the log has no ${absent.join(' or ')} events: what a policy would write at those stages is not counted`);
  if (t.openRequestsEvicted > 0) {
    out.push(`request counts may be high by up to ${count(t.openRequestsEvicted)} (too many requests in flight to track)`);
  }
  out.push('', ...policyText(result.policy, main, t.requests, absent));
  if (result.compare && other) out.push('', ...compareText(result, main, other));
  if (result.malformed.length > 0) {
    out.push('', 'malformed lines:');
    for (const m of result.malformed) out.push(`  ${m.source}:${m.line}: ${m.message}`);
    if (t.malformedLines > result.malformed.length) out.push(`  ... and ${count(t.malformedLines - result.malformed.length)} more`);
  }
  return out.join('\n') + '\n';
}

function policyText(p: PolicyReplay, loaded: LoadedPolicy, requests: number, absent: string[]): string[] {
  const lines = [`${loaded.path}: ${count(p.keptEvents)} events written, ${bytesText(p.bytes)}`];
  for (const r of [...p.rules, p.unmatched]) {
    const where =
      r.rule === null ? 'no rule (None)' : `rule ${r.rule + 1} (line ${loaded.ruleLines[r.rule] ?? '?'}, ${r.level || 'no level'})`;
    if (r.events === 0) {
      lines.push(`  ${where}: no requests`);
      continue;
    }
    lines.push(
      `  ${where}: ${count(r.requests)} requests (${percent(r.requests, requests)}), ${count(r.keptEvents)} of ${count(r.events)} events written, ${bytesText(r.bytes)}`,
    );
    const stages = Object.entries(r.eventsByStage).map(
      ([s, n]) => `${s || '(no stage)'} ${count(n)}${r.omitStages.includes(s) ? ' omitted' : ''}`,
    );
    lines.push(`      stages: ${stages.join(', ')}`);
    const uncounted = uncountedStages(r, absent);
    if (uncounted.length > 0) lines.push(`      also writes ${uncounted.join(', ')}, which the log does not hold (not counted)`);
    lines.push(`      top: ${topText('users', r.top.users)}; ${topText('verbs', r.top.verbs)}; ${topText('resources', r.top.resources)}`);
  }
  return lines;
}

function compareText(result: ReplayResult, main: LoadedPolicy, other: LoadedPolicy): string[] {
  const a = result.policy.bytes;
  const b = result.compare!.policy.bytes;
  const delta = bytesDelta(a, b);
  const lines = [
    `compared with ${other.path}: ${bytesText(a)} -> ${bytesText(b)}` +
      (delta === 'unknown'
        ? ' (difference unknown)'
        : ` (${signedSize(delta)}${a.metadata + a.bodies > 0 ? `, ${signedPercent(delta, a.metadata + a.bodies)}` : ''})`),
    ...policyText(result.compare!.policy, other, result.totals.requests, absentStages(result)).slice(1),
  ];
  const changes = result.compare!.changes;
  lines.push(changes.length === 0 ? 'no request changes level' : `requests that change level:`);
  for (const c of changes) lines.push(changeText(c, main, other));
  return lines;
}

function changeText(c: LevelChange, main: LoadedPolicy, other: LoadedPolicy): string {
  const end = (p: LoadedPolicy, rule: number | null, level: string) =>
    rule === null ? `no rule (${level})` : `rule ${rule + 1} (line ${p.ruleLines[rule]}, ${level})`;
  const delta =
    c.unknownBodyEvents > 0
      ? `${signedSize(c.bytesDelta)} or more (bodies of ${count(c.unknownBodyEvents)} events unknown)`
      : signedSize(c.bytesDelta);
  const examples = c.examples.map((r) => `\n      e.g. ${formatShorthand(r)}`).join('');
  return `  ${end(main, c.from.rule, c.from.level)} -> ${end(other, c.to.rule, c.to.level)}: ${count(c.requests)} requests, ${count(c.events)} events, ${delta}${examples}`;
}

function topText(what: string, entries: RuleReplay['top']['users']): string {
  if (entries.length === 0) return `${what} -`;
  return `${what} ${entries.map((e) => `${e.name} ${e.exact ? '' : '~'}${count(e.requests)}`).join(', ')}`;
}

function bytesText(b: BytesEstimate): string {
  const known = size(b.metadata + b.bodies);
  return b.unknownBodyEvents > 0
    ? `at least ${known} (bodies of ${count(b.unknownBodyEvents)} events unknown: the log was written at a lower level)`
    : known;
}

const count = (n: number) => n.toLocaleString('en-US');
const percent = (n: number, of: number) => (of === 0 ? '0%' : `${((100 * n) / of).toFixed(1)}%`);
const signedPercent = (n: number, of: number) => `${n >= 0 ? '+' : ''}${((100 * n) / of).toFixed(1)}%`;
const signedSize = (n: number) => `${n >= 0 ? '+' : '-'}${size(Math.abs(n))}`;

/** Decimal units, as disk sizes are usually quoted: 1.2 GB = 1.2e9 bytes. */
export function size(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
