// CodeLenses: `Simulate a request...` above `rules:`, and `Test request` above every rule with
// the rule's witness (a request it decides) or, for a dead rule, why it never decides anything.
import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis, PolicyAnalysis } from '../policy/analyze';
import { formatShorthand } from '../policy/request';
import { toRange } from '../lsp/convert';
import { CommandIds } from '../lsp/protocol';
import type { TestRuleArgs } from '../lsp/protocol';
import { size } from '../policy/replayReport';
import type { StoredReplay } from './replay';

export function getCodeLenses(document: TextDocument, analysis: DocumentAnalysis, replay?: StoredReplay): CodeLens[] {
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
    if (replay) lenses.push(replaySummaryLens(document, replay, toRange(document, rulesKey.keySpan)));
  }
  const current = replay && replay.version === document.version ? replay : undefined;
  for (const rule of first.policy.rules) {
    const at = toRange(document, { start: rule.span.start, end: rule.span.start });
    lenses.push({
      range: at,
      command: { title: 'Test request', command: CommandIds.testRule, arguments: [testRuleArgs(document.uri, first, rule.index)] },
    });
    if (current) lenses.push(replayRuleLens(current, rule.index, at));
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

function replaySummaryLens(document: TextDocument, replay: StoredReplay, range: CodeLens['range']): CodeLens {
  if (replay.version !== document.version) {
    return {
      range,
      command: {
        title: 'Replay results are out of date: replay again',
        command: CommandIds.replayLog,
        arguments: [document.uri, replay.logs],
      },
    };
  }
  const { totals } = replay.result;
  const title = `Replayed ${totals.requests.toLocaleString('en-US')} requests${replay.result.cancelled ? ' (cancelled: partial)' : ''}: show report`;
  return { range, command: { title, command: CommandIds.showReplay, arguments: [replay.report] } };
}

/** "38.2% of requests, 1.2 GB" for a rule, or that it decided nothing in this log. */
function replayRuleLens(replay: StoredReplay, rule: number, range: CodeLens['range']): CodeLens {
  const r = replay.result.policy.rules[rule];
  const requests = replay.result.totals.requests;
  let title: string;
  if (!r || r.requests === 0) {
    title = 'Replay: no requests (dead in practice)';
  } else {
    const share = requests === 0 ? 0 : (100 * r.requests) / requests;
    const bytes = r.bytes.metadata + r.bytes.bodies;
    const written = r.level === 'None' ? 'not logged' : `${r.bytes.unknownBodyEvents > 0 ? 'at least ' : ''}${size(bytes)}`;
    title = `Replay: ${share.toFixed(1)}% of requests, ${written}`;
  }
  return { range, command: { title, command: CommandIds.showReplay, arguments: [replay.report] } };
}
