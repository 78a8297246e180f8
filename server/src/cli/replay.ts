// `audit-policy replay POLICY LOG... [--compare POLICY2|REV:PATH] [--format text|json] [--top N]
// [--kubernetes-version X.Y]`: replays audit logs (JSON lines, plain or gzip, `-` for standard
// input) through a policy and prints, per rule, what it would record; with --compare, which
// requests another policy (a file, or a git revision as REV:PATH) would log at another level.
import { execFileSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyze } from '../policy/analyze';
import type { Policy } from '../policy/model';
import { replay } from '../policy/replay';
import type { ReplayResult } from '../policy/replay';
import { lineStarts, positionAt } from '../policy/text';
import { kubernetesVersionOption, readInput } from './common';
import type { CliIO } from './io';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './io';
import { replayJson, replayText } from '../policy/replayReport';
import type { LoadedPolicy } from '../policy/replayReport';

/** Opens a log for reading as a stream of chunks; throws a UsageError when it cannot. */
export type LogOpener = (path: string) => AsyncIterable<Uint8Array>;

/** Logs from the file system, `-` from standard input. */
export const openLogFile: LogOpener = (path) => {
  if (path === '-') return process.stdin;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`cannot read ${path}: is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return createReadStream(path, { highWaterMark: 1 << 20 });
};

/**
 * Runs `replay`. Malformed log lines are reported, never fatal. Exit code 1 when a policy has
 * errors kube-apiserver would refuse (the replay then assumes it loaded as written), else 0.
 */
export async function runReplay(argv: string[], io: CliIO, openLog: LogOpener = openLogFile): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      compare: { type: 'string' },
      format: { type: 'string', default: 'text' },
      top: { type: 'string', default: '5' },
      'kubernetes-version': { type: 'string' },
    },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  if (positionals.length < 2) {
    throw new UsageError('replay needs a policy file and at least one audit log (JSON lines, plain or gzip; - for standard input)');
  }
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top takes a whole number, not "${values.top}"`);
  const [policyPath, ...logs] = positionals as [string, ...string[]];
  if (logs.filter((l) => l === '-').length + (policyPath === '-' ? 1 : 0) > 1) {
    throw new UsageError('standard input (-) can be read only once');
  }
  const kubernetesVersion = kubernetesVersionOption(values['kubernetes-version']);
  const main = await loadPolicy(policyPath, await readInput(policyPath, io), kubernetesVersion, io);
  const other =
    values.compare === undefined
      ? undefined
      : await loadPolicy(values.compare, await readPolicySpec(values.compare, io), kubernetesVersion, io);
  const sources = logs.map((path) => ({ name: path, chunks: openLog(path) }));
  const result: ReplayResult = await replay(main.policy, sources, { kubernetesVersion, compare: other?.policy, top });
  io.stdout(
    values.format === 'json'
      ? JSON.stringify(replayJson(result, logs, main, other), null, 2) + '\n'
      : replayText(result, logs, main, other),
  );
  return main.hasErrors || other?.hasErrors ? EXIT_FINDINGS : EXIT_OK;
}

/** A policy file, or `REV:PATH` read from git when no such file exists (`HEAD:audit/policy.yaml`). */
async function readPolicySpec(spec: string, io: CliIO): Promise<string> {
  try {
    return await readInput(spec, io);
  } catch (error) {
    const revision = /^([^:]+):(.+)$/.exec(spec);
    if (!(error instanceof UsageError) || revision === null) throw error;
    try {
      return execFileSync('git', ['show', spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    } catch (gitError) {
      const why = String((gitError as { stderr?: string }).stderr ?? (gitError as Error).message).trim();
      throw new UsageError(`cannot read ${spec}: no such file, and git cannot show it either (${why})`);
    }
  }
}

async function loadPolicy(path: string, text: string, kubernetesVersion: string | undefined, io: CliIO): Promise<LoadedPolicy> {
  const first = analyze(text, { kubernetesVersion }).policies[0];
  if (first === undefined) {
    throw new UsageError(`${path}: no audit policy found (a document with apiVersion: audit.k8s.io/v1 and kind: Policy)`);
  }
  const starts = lineStarts(text);
  const errors = first.findings.filter((f) => f.severity === 'error');
  for (const f of errors) {
    const at = positionAt(starts, f.span.start);
    io.stderr(`${path}:${at.line + 1}:${at.character + 1}: error ${f.code}: ${f.message}\n`);
  }
  if (errors.length > 0) io.stderr(`${path}: kube-apiserver would refuse this policy; the replay assumes it loaded as written\n`);
  const policy: Policy = first.policy;
  return { path, policy, hasErrors: errors.length > 0, ruleLines: policy.rules.map((r) => positionAt(starts, r.span.start).line + 1) };
}
