// `audit-policy check FILE... [--format text|json|sarif] [--kubernetes-version X.Y] [--severity CODE=LEVEL] [--crd FILE]...`
import { parseArgs } from 'node:util';
import { analyze } from '../policy/analyze';
import { parseCustomResourceDefinitions } from '../policy/crd';
import type { CustomResourceDefinition } from '../policy/crd';
import type { SeverityOverride } from '../policy/suppress';
import type { Finding } from '../policy/types';
import { lineStarts, positionAt } from '../policy/text';
import type { FileReport } from './findingsJson';
import { toJsonDiagnostics } from './findingsJson';
import type { CliIO } from './io';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './io';
import { kubernetesVersionOption, readInput } from './common';
import { toSarif } from './sarif';
import { VERSION } from './version';

export async function runCheck(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'kubernetes-version': { type: 'string' },
      severity: { type: 'string', multiple: true },
      crd: { type: 'string', multiple: true },
    },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  }
  if (positionals.length === 0) throw new UsageError('check needs at least one policy file (or - for standard input)');
  const customResources = await readCustomResources(values.crd ?? [], io);
  const options = {
    kubernetesVersion: kubernetesVersionOption(values['kubernetes-version']),
    severities: parseSeverities(values.severity ?? []),
    customResources,
  };
  const reports: FileReport[] = [];
  for (const path of positionals) {
    const text = await readInput(path, io);
    const analysis = analyze(text, options);
    reports.push({ path, text, findings: analysis.policies.length > 0 ? analysis.findings : [notAPolicy()] });
  }
  if (format === 'json') {
    io.stdout(
      JSON.stringify({ files: reports.map((r) => ({ path: r.path, diagnostics: toJsonDiagnostics(r.text, r.findings) })) }, null, 2) + '\n',
    );
  } else if (format === 'sarif') io.stdout(JSON.stringify(toSarif(reports, VERSION), null, 2) + '\n');
  else io.stdout(formatText(reports));
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

/** Reads CRD manifests given with --crd; a file with no definition at all is a usage error. */
async function readCustomResources(paths: string[], io: CliIO): Promise<CustomResourceDefinition[]> {
  const definitions: CustomResourceDefinition[] = [];
  for (const path of paths) {
    const parsed = parseCustomResourceDefinitions(await readInput(path, io));
    if (parsed.definitions.length === 0) {
      throw new UsageError(`--crd ${path}: no CustomResourceDefinition found${parsed.errors[0] ? ` (${parsed.errors[0].message})` : ''}`);
    }
    definitions.push(...parsed.definitions);
  }
  return definitions;
}

function notAPolicy(): Finding {
  return {
    code: 'not-a-policy',
    severity: 'error',
    message:
      'No audit policy found: kube-apiserver needs a document with `apiVersion: audit.k8s.io/v1` and `kind: Policy` (also recognised: an RKE cluster.yml and a ConfigMap whose data holds the policy).',
    span: { start: 0, end: 0 },
  };
}

function parseSeverities(items: string[]): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  for (const item of items) {
    const match = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(item);
    if (!match) throw new UsageError(`--severity takes CODE=warning|info|hint|off, not "${item}"`);
    out[match[1]] = match[2] as SeverityOverride;
  }
  return out;
}

/** `path:line:col: severity code: message`, 1-based like compilers print, then a summary line. */
function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const report of reports) {
    const starts = lineStarts(report.text);
    for (const f of report.findings) {
      counts[f.severity]++;
      const at = positionAt(starts, f.span.start);
      lines.push(`${report.path}:${at.line + 1}:${at.character + 1}: ${f.severity} ${f.code}: ${f.message}`);
    }
    if (report.findings.length === 0) lines.push(`${report.path}: ok`);
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info + counts.hint, 'note')} in ${plural(reports.length, 'file')}`,
  );
  return lines.join('\n') + '\n';
}
