// The extension through the vscode API, as VS Code runs it: activation on YAML, diagnostics,
// hover, completion, CodeLens and the simulator commands.
const assert = require('node:assert/strict');
const { join } = require('node:path');
const vscode = require('vscode');

const EXAMPLES = join(__dirname, '../../../examples');

async function open(text) {
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function diagnosticsOf(uri, predicate) {
  for (let i = 0; i < 100; i++) {
    const found = vscode.languages.getDiagnostics(uri);
    if (predicate(found)) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}`);
}

const BROKEN = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages:\n  - "RequestResponse"\nrules:\n  - level: RequestResponse\n    resources:\n      - group: ""\n        resources: ["deployments"]\n      - group: apps\n        resources: []\n';

describe('audit-policy in VS Code', () => {
  it('activates on YAML and reports the fatal stage and the wrong group', async () => {
    const doc = await open(BROKEN);
    const found = await diagnosticsOf(doc.uri, (d) => d.some((x) => x.code?.value === 'invalid-stage'));
    const stage = found.find((x) => x.code.value === 'invalid-stage');
    assert.equal(stage.range.start.line, 3);
    assert.equal(stage.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(found.some((x) => x.code.value === 'resource-wrong-group'));
  });

  it('hovers a level with what it records', async () => {
    const doc = await open(BROKEN);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 14));
    const text = hovers.flatMap((h) => h.contents.map((c) => c.value ?? String(c))).join('\n');
    assert.match(text, /responseObject/);
  });

  it('completes the resources of group apps', async () => {
    const doc = await open(BROKEN);
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(10, 20));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('deployments') && labels.includes('deployments/scale'), labels.join());
  });

  it('puts Test request lenses on rules and runs the simulator on a witness', async () => {
    const doc = await vscode.workspace.openTextDocument(join(EXAMPLES, 'kubernetes-docs-example.yaml'));
    await vscode.window.showTextDocument(doc);
    await diagnosticsOf(doc.uri, () => true);
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
    const tests = lenses.filter((l) => l.command?.title === 'Test request');
    assert.ok(tests.length >= 3);
    await vscode.commands.executeCommand(tests[2].command.command, ...tests[2].command.arguments);
  });

  it('replays a log and tests requests from a file', async () => {
    const doc = await vscode.workspace.openTextDocument(join(EXAMPLES, 'kubernetes-docs-example.yaml'));
    await vscode.window.showTextDocument(doc);
    const log = join(__dirname, '../../fixtures/logs/mixed.jsonl');
    const report = await vscode.commands.executeCommand('auditPolicy.replayLog', doc.uri.toString(), [log]);
    assert.match(report, /events of [\d,]+ requests/);
    const table = await vscode.commands.executeCommand('auditPolicy.testRequestsFromFile', doc.uri.toString(), vscode.Uri.file(log));
    assert.match(table, /\| rule \| line \| level \| requests \| share \|/);
    assert.match(table, /[1-9][0-9]* requests evaluated/);
  });
});
