// Completion, hover and the wrong-group quick fix through the shipped server over stdio, at
// positions in the middle of real policies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeActionRequest, CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import type { CodeAction, CompletionItem, CompletionList, Hover, Position } from 'vscode-languageserver-protocol/node';
import { startTestClient } from '../support/lspClient';
import type { TestClient } from '../support/lspClient';

const EXAMPLE = readFileSync(join(__dirname, '../../../examples/kubernetes-docs-example.yaml'), 'utf8');

function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('completion, hover and catalogue fixes over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient();
  });
  after(async () => {
    await client.stop();
  });

  const complete = async (uri: string, position: Position) => {
    const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
    return result.items;
  };

  it('completion under group: apps offers deployments, deployments/scale and deployments/*', async () => {
    const text = EXAMPLE.replace('resources: ["pods"]', 'resources: ["pods"]\n    - group: apps\n      resources: []');
    const uri = 'file:///tmp/complete-apps.yaml';
    await client.open(uri, text);
    const items = await complete(uri, positionOf(text, 'resources: []', 'resources: ['.length));
    const labels = items.map((i: CompletionItem) => i.label);
    for (const name of ['deployments', 'deployments/scale', 'deployments/*']) assert.ok(labels.includes(name), labels.join());
    const edit = items.find((i) => i.label === 'deployments')!.textEdit as { newText: string };
    assert.equal(edit.newText, 'deployments');
  });

  it('completes levels and keys as snippets, and starter policies in an empty YAML file', async () => {
    const uri = 'file:///tmp/complete-level.yaml';
    const text = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: \n    \n';
    await client.open(uri, text);
    const levels = await complete(uri, { line: 3, character: 11 });
    assert.deepEqual(
      levels.map((i) => i.label),
      ['None', 'Metadata', 'Request', 'RequestResponse'],
    );
    const keys = await complete(uri, { line: 4, character: 4 });
    assert.ok(keys.some((i) => i.label === 'verbs' && i.insertTextFormat === 2));
    const empty = 'file:///tmp/empty.yaml';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: empty, languageId: 'yaml', version: 1, text: '' },
    });
    const starters = await complete(empty, { line: 0, character: 0 });
    assert.ok(starters.some((i) => i.label === 'audit policy: CIS minimal'));
  });

  it('hovers RequestResponse, ResponseStarted and pods/* with what they mean', async () => {
    const uri = 'file:///tmp/hover-meaning.yaml';
    const text =
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n    omitStages: ["ResponseStarted"]\n    resources:\n      - group: ""\n        resources: ["pods/*"]\n';
    await client.open(uri, text);
    const hover = async (needle: string) => {
      const result = (await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: positionOf(text, needle, 2),
      })) as Hover;
      return (result.contents as { value: string }).value;
    };
    assert.match(await hover('RequestResponse'), /responseObject/);
    assert.match(await hover('ResponseStarted'), /long-running/);
    assert.match(await hover('pods/*'), /`pods` itself \*\*and\*\* every subresource/);
  });

  it('deployments under group "" gets a warning with a one-click fix to apps', async () => {
    const uri = 'file:///tmp/wrong-group.yaml';
    const text = EXAMPLE.replace('resources: ["pods"]', 'resources: ["deployments"]');
    const published = await client.open(uri, text);
    const diagnostic = published.diagnostics.find((d) => d.code === 'resource-wrong-group');
    assert.ok(diagnostic, JSON.stringify(published.diagnostics.map((d) => d.code)));
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range.start, positionOf(text, '"deployments"'));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Change the group to apps');
    assert.ok(fix?.isPreferred, JSON.stringify(actions.map((a) => a.title)));
    const edit = fix.edit!.changes![uri]![0]!;
    assert.equal(edit.newText, '"apps"');
  });
});
