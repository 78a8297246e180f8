// The single entry point of the engine: text -> DocumentAnalysis. Every front (LSP features, CLI)
// calls this once per document version and reads what it needs from the result.
import { parsePolicyFile } from './document';
import type { PolicyDocument } from './document';
import { loadPolicy } from './load';
import type { Policy } from './model';
import { applySeverities, applySuppressions } from './suppress';
import type { SeverityOverride } from './suppress';
import type { CancellationFlag, Finding } from './types';
import { lineStarts, positionAt } from './text';
import { validatePolicy } from './validate';
import { NEWEST_KUBERNETES_VERSION } from './version';

export interface AnalyzeOptions {
  /** "1.36"; default: the newest version the engine knows. */
  kubernetesVersion?: string;
  /** Per-code severity overrides (`off` hides a code). */
  severities?: Record<string, SeverityOverride>;
  cancel?: CancellationFlag;
}

export interface PolicyAnalysis {
  document: PolicyDocument;
  policy: Policy;
  /** Findings of this policy, sorted by position (host offsets). */
  findings: Finding[];
}

export interface DocumentAnalysis {
  text: string;
  kubernetesVersion: string;
  /** The audit policies found in the file, in order; the first is what kube-apiserver reads. */
  policies: PolicyAnalysis[];
  /** Every finding of every policy, sorted by position. */
  findings: Finding[];
}

/** Analyses a whole file: finds its policies, loads, validates and lints each. */
export function analyze(text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  const kubernetesVersion = options.kubernetesVersion || NEWEST_KUBERNETES_VERSION;
  const parsed = parsePolicyFile(text);
  const policies = parsed.policies.map((document) => analyzePolicy(document, text, { ...options, kubernetesVersion }));
  const findings = policies.flatMap((p) => p.findings).sort(byPosition);
  return { text, kubernetesVersion, policies, findings };
}

function analyzePolicy(document: PolicyDocument, text: string, options: AnalyzeOptions): PolicyAnalysis {
  const { policy, findings: loadFindings } = loadPolicy(document);
  const semantic = withoutSyntaxNoise(document.findings, [...loadFindings, ...validatePolicy(policy, text, options)], text);
  const raw: Finding[] = [...document.findings, ...semantic];
  if (document.host === 'file' && document.documentIndex > 0) raw.push(notFirstDocument(document));
  const findings = applySeverities(applySuppressions(text, raw), options.severities).sort(byPosition);
  return { document, policy, findings };
}

/**
 * Where the YAML itself is broken, what the parser recovered is a guess; findings about that
 * guess (a "missing level" where the user's indentation slipped) would only be noise, so
 * semantic findings on lines with a syntax error are left out until the YAML is fixed.
 */
function withoutSyntaxNoise(syntax: Finding[], semantic: Finding[], text: string): Finding[] {
  if (syntax.length === 0) return semantic;
  const starts = lineStarts(text);
  const lineOf = (offset: number) => positionAt(starts, offset).line;
  const broken = new Set<number>();
  for (const f of syntax) for (let l = lineOf(f.span.start); l <= lineOf(f.span.end); l++) broken.add(l);
  return semantic.filter((f) => {
    for (let l = lineOf(f.span.start); l <= lineOf(f.span.end); l++) if (broken.has(l)) return false;
    return true;
  });
}

function notFirstDocument(document: PolicyDocument): Finding {
  return {
    code: 'not-first-document',
    severity: 'info',
    message: `This policy is YAML document ${document.documentIndex + 1} of the file: kube-apiserver reads only the first document of --audit-policy-file.`,
    span: { start: document.span.start, end: document.span.start },
  };
}

function byPosition(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);
}
