// CodeLenses: `Simulate a request...` above `rules:`, and `Test request` above every rule with
// the rule's witness (a request it decides) or, for a dead rule, why it never decides anything.
import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis, PolicyAnalysis } from '../policy/analyze';
import { formatShorthand } from '../policy/request';
import { toRange } from '../lsp/convert';
import { CommandIds } from '../lsp/protocol';
import type { TestRuleArgs } from '../lsp/protocol';

export function getCodeLenses(document: TextDocument, analysis: DocumentAnalysis): CodeLens[] {
  // Only the first policy is what kube-apiserver reads; simulate that one.
  const [first] = analysis.policies;
  if (!first) return [];
  const lenses: CodeLens[] = [];
  const rulesKey = first.policy.keys.rules;
  if (rulesKey) {
    lenses.push({
      range: toRange(document, rulesKey.keySpan),
      command: { title: 'Simulate a request...', command: CommandIds.simulate, arguments: [document.uri] },
    });
  }
  for (const rule of first.policy.rules) {
    const at = toRange(document, { start: rule.span.start, end: rule.span.start });
    lenses.push({
      range: at,
      command: { title: 'Test request', command: CommandIds.testRule, arguments: [testRuleArgs(document.uri, first, rule.index)] },
    });
  }
  return lenses;
}

function testRuleArgs(uri: string, analysis: PolicyAnalysis, rule: number): TestRuleArgs {
  const verdict = analysis.reach.rules[rule];
  if (verdict?.witness) return { uri, rule, witness: formatShorthand(verdict.witness) };
  const by = verdict?.shadowedBy ?? [];
  const reason =
    by.length > 0
      ? `earlier rule${by.length > 1 ? 's' : ''} ${by.map((r) => r + 1).join(', ')} match every request it could match`
      : 'no request can match it';
  return { uri, rule, witness: null, deadReason: reason };
}
