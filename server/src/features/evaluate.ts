// The simulator's requests: evaluate one request, evaluate a chunk of a requests file, and the
// inputs the quick pick offers. Thin: parse, call the engine, convert spans to ranges.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { evaluate } from '../policy/evaluate';
import { parseRequest, SHORTHAND_SYNTAX } from '../policy/request';
import { simulate } from '../policy/simulate';
import { TYPICAL_REQUESTS } from '../policy/typicalRequests';
import { toRange } from '../lsp/convert';
import type { EvaluateBatchParams, EvaluateBatchResult, EvaluateParams, EvaluateResult, SimulationInputs } from '../lsp/protocol';
import { witnessesOf } from './witnesses';

export function doEvaluate(document: TextDocument, analysis: DocumentAnalysis, params: EvaluateParams): EvaluateResult {
  const parsed = parseRequest(params.request);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { policy } = analysis.policies[0];
  const sim = simulate(policy, parsed.request, { kubernetesVersion: analysis.kubernetesVersion });
  const { decision } = sim;
  const lastRule = policy.rules[policy.rules.length - 1];
  const catchAllOffset = lastRule ? lastRule.span.end : policy.span.end;
  return {
    ok: true,
    shorthand: sim.shorthand,
    rule: decision.rule,
    level: decision.level,
    omitStages: decision.omitStages,
    omitManagedFields: decision.omitManagedFields,
    stages: sim.stages,
    contains: sim.contains,
    summary: sim.summary,
    ruleRange: sim.ruleSpan && toRange(document, sim.ruleSpan),
    trace: decision.trace.map((t) => ({
      rule: t.rule,
      line: document.positionAt(policy.rules[t.rule].span.start).line,
      reason: t.reason,
      range: toRange(document, t.span),
    })),
    catchAllAt: decision.rule === null ? toRange(document, { start: catchAllOffset, end: catchAllOffset }) : undefined,
  };
}

export function doEvaluateBatch(document: TextDocument, analysis: DocumentAnalysis, params: EvaluateBatchParams): EvaluateBatchResult {
  const { policy } = analysis.policies[0];
  const counts = new Map<number | null, number>();
  const errors: EvaluateBatchResult['errors'] = [];
  params.lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseRequest(line);
    if (!parsed.ok) return void errors.push({ line: params.firstLine + i, message: parsed.error.message });
    const { rule } = evaluate(policy, parsed.request, { kubernetesVersion: analysis.kubernetesVersion });
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  });
  return {
    counts: [...counts].map(([rule, count]) => ({ rule, count, level: rule === null ? 'None' : policy.rules[rule].level })),
    errors,
    ruleLines: policy.rules.map((r) => document.positionAt(r.span.start).line),
  };
}

export function getSimulationInputs(analysis: DocumentAnalysis): SimulationInputs {
  return { witnesses: witnessesOf(analysis), typical: [...TYPICAL_REQUESTS], syntax: SHORTHAND_SYNTAX };
}
