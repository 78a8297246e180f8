// Document symbols: the policy and one entry per rule, named by what it does, for the outline
// and breadcrumbs.
import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import type { PolicyRule } from '../policy/model';
import { toRange } from '../lsp/convert';

export function getDocumentSymbols(document: TextDocument, analysis: DocumentAnalysis): DocumentSymbol[] {
  return analysis.policies.map((p, i) => {
    const range = toRange(document, p.document.span);
    return {
      name: analysis.policies.length > 1 ? `Policy ${i + 1}` : 'Policy',
      kind: SymbolKind.Namespace,
      range,
      selectionRange: range,
      children: p.policy.rules.map((rule) => ruleSymbol(document, rule)),
    };
  });
}

function ruleSymbol(document: TextDocument, rule: PolicyRule): DocumentSymbol {
  const range = toRange(document, rule.span);
  return {
    name: `rule ${rule.index + 1}: ${rule.level || '(no level)'}`,
    detail: ruleDetail(rule),
    kind: SymbolKind.Object,
    range,
    selectionRange: range,
  };
}

function ruleDetail(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.users.length) parts.push(`users ${rule.users.map((u) => u.value).join(', ')}`);
  if (rule.userGroups.length) parts.push(`groups ${rule.userGroups.map((u) => u.value).join(', ')}`);
  if (rule.verbs.length) parts.push(rule.verbs.map((v) => v.value).join(', '));
  if (rule.resources.length) {
    parts.push(
      rule.resources.map((r) => (r.resources.length ? r.resources.map((x) => x.value).join(', ') : `${r.group || 'core'}/*`)).join('; '),
    );
  }
  if (rule.nonResourceURLs.length) parts.push(rule.nonResourceURLs.map((u) => u.value).join(', '));
  if (rule.namespaces.length) parts.push(`in ${rule.namespaces.map((n) => n.value || '""').join(', ')}`);
  return parts.join(' · ') || 'every request';
}
