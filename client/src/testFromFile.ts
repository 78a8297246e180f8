// "Test requests from file": a JSON-lines file of requests or an audit log, sent in chunks to
// auditPolicy/evaluateBatch with progress and cancellation; the table opens as a Markdown document.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EvaluateBatchMethod } from '../../server/src/lsp/protocol';
import type { EvaluateBatchParams, EvaluateBatchResult } from '../../server/src/lsp/protocol';

const CHUNK_LINES = 2000;

export async function testRequestsFromFile(
  client: LanguageClient | undefined,
  policyUri?: string,
  fileUri?: vscode.Uri,
): Promise<string | undefined> {
  const target = policyUri ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!client || !target) return void vscode.window.showWarningMessage('Open an audit policy first.');
  const file =
    fileUri ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Test requests',
        filters: { 'JSON lines': ['jsonl', 'json', 'log', 'ndjson'], All: ['*'] },
      })
    )?.[0];
  if (!file) return undefined;
  const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(file)).split(/\r?\n/);
  const totals = new Map<number | null, { level: string; count: number }>();
  const errors: EvaluateBatchResult['errors'] = [];
  let ruleLines: number[] = [];
  const finished = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing ${lines.length} lines`, cancellable: true },
    async (progress, token) => {
      for (let start = 0; start < lines.length; start += CHUNK_LINES) {
        if (token.isCancellationRequested) return false;
        const params: EvaluateBatchParams = {
          textDocument: { uri: target },
          lines: lines.slice(start, start + CHUNK_LINES),
          firstLine: start + 1,
        };
        const result = await client.sendRequest<EvaluateBatchResult | null>(EvaluateBatchMethod, params, token);
        if (!result) return false;
        ruleLines = result.ruleLines;
        for (const c of result.counts) totals.set(c.rule, { level: c.level, count: (totals.get(c.rule)?.count ?? 0) + c.count });
        errors.push(...result.errors);
        progress.report({ increment: (CHUNK_LINES / lines.length) * 100, message: `${Math.min(start + CHUNK_LINES, lines.length)} lines` });
      }
      return true;
    },
  );
  const table = formatTable(vscode.workspace.asRelativePath(file), totals, errors, ruleLines, finished);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: table });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return table;
}

function formatTable(
  name: string,
  totals: Map<number | null, { level: string; count: number }>,
  errors: EvaluateBatchResult['errors'],
  ruleLines: number[],
  finished: boolean,
): string {
  const total = [...totals.values()].reduce((n, t) => n + t.count, 0);
  const rows = [...totals].sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity));
  const out = [
    `# Requests from ${name}${finished ? '' : ' (cancelled: partial counts)'}`,
    '',
    '| rule | line | level | requests | share |',
    '| --- | --- | --- | ---: | ---: |',
  ];
  for (const [rule, t] of rows) {
    const label = rule === null ? 'no rule (not logged)' : `rule ${rule + 1}`;
    const line = rule === null ? '' : String((ruleLines[rule] ?? 0) + 1);
    out.push(`| ${label} | ${line} | ${t.level} | ${t.count} | ${total ? ((100 * t.count) / total).toFixed(1) : '0'}% |`);
  }
  out.push('', `${total} requests evaluated, ${errors.length} lines could not be read.`);
  for (const e of errors.slice(0, 50)) out.push(`- line ${e.line}: ${e.message}`);
  if (errors.length > 50) out.push(`- ... and ${errors.length - 50} more`);
  return out.join('\n') + '\n';
}
