// The single entry point of the engine: text -> DocumentAnalysis. Every front (LSP features, CLI)
// calls this once per document version and reads what it needs from the result.
import { chooseCatalog } from './catalog';
import { catalogFindings } from './catalogChecks';
import type { Catalog } from './catalog';
import { withCustomResources } from './crd';
import type { CustomResourceDefinition } from './crd';
import { parsePolicyFile } from './document';
import type { PolicyDocument } from './document';
import { lintPolicy, withMoveFixes } from './lints';
import { loadPolicy } from './load';
import { analyzeReachability } from './reach';
import type { ReachResult } from './reach';
import { reachFindings } from './reachFindings';
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
  /** CustomResourceDefinitions known to the workspace; their groups and resources join the catalogue. */
  customResources?: readonly CustomResourceDefinition[];
  cancel?: CancellationFlag;
}

export interface PolicyAnalysis {
  document: PolicyDocument;
  policy: Policy;
  /** First-match reachability of every rule: witnesses, shadowed rules and entries. */
  reach: ReachResult;
  /** Findings of this policy, sorted by position (host offsets). */
  findings: Finding[];
}

export interface DocumentAnalysis {
  text: string;
  kubernetesVersion: string;
  /** The API catalogue for that version (the closest at or below it), custom resources included. */
  catalog: Catalog;
  /** Which catalogue was chosen, in words, when it is not an exact match. */
  catalogNote?: string;
  /** The audit policies found in the file, in order; the first is what kube-apiserver reads. */
  policies: PolicyAnalysis[];
  /** Every finding of every policy, sorted by position. */
  findings: Finding[];
}

/** Analyses a whole file: finds its policies, loads, validates and lints each. */
export function analyze(text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  const kubernetesVersion = options.kubernetesVersion || NEWEST_KUBERNETES_VERSION;
  const choice = chooseCatalog(kubernetesVersion);
  const catalog = catalogWith(choice.catalog, options.customResources);
  const parsed = parsePolicyFile(text);
  const policies = parsed.policies.map((document) => analyzePolicy(document, text, { ...options, kubernetesVersion }, catalog));
  const findings = policies.flatMap((p) => p.findings).sort(byPosition);
  return { text, kubernetesVersion, catalog, catalogNote: choice.exact ? undefined : choice.note, policies, findings };
}

// Merging CRDs builds a new catalogue; the server keeps one definitions array until the workspace
// changes, so the merge is done once per (definitions, version).
const merged = new WeakMap<readonly CustomResourceDefinition[], Map<Catalog, Catalog>>();

function catalogWith(base: Catalog, definitions: readonly CustomResourceDefinition[] | undefined): Catalog {
  if (!definitions || definitions.length === 0) return base;
  let byBase = merged.get(definitions);
  if (!byBase) merged.set(definitions, (byBase = new Map()));
  let catalog = byBase.get(base);
  if (!catalog) byBase.set(base, (catalog = withCustomResources(base, definitions)));
  return catalog;
}

function analyzePolicy(document: PolicyDocument, text: string, options: AnalyzeOptions, catalog: Catalog): PolicyAnalysis {
  const { policy, findings: loadFindings } = loadPolicy(document);
  const reachOptions = { kubernetesVersion: options.kubernetesVersion, cancel: options.cancel };
  const reach = analyzeReachability(policy, reachOptions);
  const semantic = withoutSyntaxNoise(
    document.findings,
    [
      ...withMoveFixes(loadFindings, policy, text),
      ...validatePolicy(policy, text, options),
      ...reachFindings(reach, policy, text, reachOptions),
      ...catalogFindings(policy, catalog, text),
      ...lintPolicy({ policy, text, reach, catalog, kubernetesVersion: options.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION }),
    ],
    text,
  );
  const raw: Finding[] = [...document.findings, ...semantic];
  if (document.host === 'file' && document.documentIndex > 0) raw.push(notFirstDocument(document));
  const findings = applySeverities(applySuppressions(text, raw), options.severities).sort(byPosition);
  return { document, policy, reach, findings };
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
    // With broken YAML the rules may simply not have been recovered.
    if (f.code === 'no-rules') return false;
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
