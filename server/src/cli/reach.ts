// `audit-policy reach POLICY [--format text|json] [--kubernetes-version X.Y]`: per rule, whether it
// can decide any request, with a witness (a request it decides) or the earlier rules covering it.
import { parseArgs } from 'node:util';
import { analyze } from '../policy/analyze';
import type { PolicyRule } from '../policy/model';
import { ordered, formatShorthand } from '../policy/request';
import type { RuleReach } from '../policy/reach';
import { lineStarts, positionAt } from '../policy/text';
import { kubernetesVersionOption, readInput } from './common';
import type { CliIO } from './io';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './io';

/** Runs `reach`. Exit code 1 when some rule is dead (a finding worth failing CI), else 0. */
export async function runReach(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'kubernetes-version': { type: 'string' } },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  if (positionals.length !== 1) throw new UsageError('reach needs exactly one policy file (or - for standard input)');
  const path = positionals[0]!;
  const text = await readInput(path, io);
  const first = analyze(text, { kubernetesVersion: kubernetesVersionOption(values['kubernetes-version']) }).policies[0];
  if (!first) throw new UsageError(`${path}: no audit policy found (a document with apiVersion: audit.k8s.io/v1 and kind: Policy)`);
  const starts = lineStarts(text);
  const lineOf = (rule: PolicyRule) => positionAt(starts, rule.span.start).line + 1;
  const verdicts = first.reach.rules;
  if (values.format === 'json') {
    io.stdout(
      JSON.stringify(
        verdicts.map((v) => toJson(v, first.policy.rules[v.rule], lineOf)),
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const v of verdicts) io.stdout(`${describe(v, first.policy.rules, lineOf)}\n`);
    const dead = verdicts.filter((v) => v.reachable === false).length;
    io.stdout(
      `${verdicts.length} rules: ${verdicts.length - dead} reachable, ${dead} never used${first.reach.complete ? '' : ' (some verdicts unknown: search budget exhausted)'}\n`,
    );
  }
  return verdicts.some((v) => v.reachable === false) ? EXIT_FINDINGS : EXIT_OK;
}

function toJson(v: RuleReach, rule: PolicyRule, lineOf: (r: PolicyRule) => number) {
  return {
    rule: v.rule,
    line: lineOf(rule),
    reachable: v.reachable,
    shadowedBy: v.shadowedBy,
    witness: v.witness ? ordered(v.witness) : null,
    deadEntries: v.deadEntries.map((d) => ({ field: d.field, value: d.value, shadowedBy: d.shadowedBy })),
  };
}

function describe(v: RuleReach, rules: PolicyRule[], lineOf: (r: PolicyRule) => number): string {
  const head = `rule ${v.rule + 1} (line ${lineOf(rules[v.rule])})`;
  if (v.reachable === null) return `${head}: unknown (search budget exhausted)`;
  if (!v.reachable && v.shadowedBy.length === 0) return `${head}: never used, no request can match it`;
  if (!v.reachable) {
    const by = v.shadowedBy.map((i) => `${i + 1} (line ${lineOf(rules[i])})`);
    return `${head}: never used, shadowed by rule${by.length === 1 ? '' : 's'} ${by.join(', ')}`;
  }
  const dead = v.deadEntries
    .map((d) => `\n    ${d.field} "${d.value}" never takes effect (rules ${d.shadowedBy.map((i) => i + 1).join(', ')} take it first)`)
    .join('');
  return `${head}: reachable, e.g. ${formatShorthand(v.witness!)}${dead}`;
}
