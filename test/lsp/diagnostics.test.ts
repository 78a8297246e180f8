// The shipped artifact (dist/server.js) over stdio with a real LSP client: diagnostics for
// policies, exact ranges and codes, incremental edits, and silence for other YAML.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  CodeActionRequest,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { startTestClient } from '../support/lspClient';
import type { TestClient } from '../support/lspClient';

const BROKEN = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - "RequestResponse"
rules:
  - level: Metadata
`;

describe('diagnostics over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient();
  });
  after(async () => {
    await client.stop();
  });

  it('publishes a fatal error at the exact range with its code and docs link', async () => {
    const published = await client.open('file:///tmp/broken-policy.yaml', BROKEN);
    // Advice (info: noisy traffic a catch-all logs) is published too; problems are errors and warnings.
    const problems = published.diagnostics.filter((x) => x.severity! <= 2);
    assert.equal(problems.length, 1);
    const [d] = problems;
    assert.equal(d.code, 'invalid-stage');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 21 } });
    assert.match(d.codeDescription!.href, /diagnostics\.md#invalid-stage$/);
    assert.match(String(d.message), /is a level, not a stage/);
  });

  it('reports a YAML syntax error where it is', async () => {
    // `users` indented one space too far: YAML reads `Metadata users` as a multi-line key.
    const text = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n     users: [alice]\n';
    const published = await client.open('file:///tmp/syntax.yaml', text);
    const syntax = published.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length > 0, JSON.stringify(published.diagnostics));
    assert.deepEqual(syntax[0].range.start, { line: 3, character: 11 });
    assert.ok(
      published.diagnostics.every((d) => d.code === 'yaml-syntax'),
      'no semantic noise on broken lines',
    );
  });

  it('publishes nothing for YAML files that are not audit policies', async () => {
    const uri = 'file:///tmp/deployment.yaml';
    const published = client.nextDiagnostics(uri);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'yaml',
        version: 1,
        text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nomitStages: [Nope]\n',
      },
    });
    const raced = await Promise.race([published.then(() => 'published'), symbolsOf(uri).then(() => 'answered')]);
    assert.equal(raced, 'answered', 'a non-policy file must get no diagnostics');
  });

  it('updates diagnostics after an incremental edit that fixes the error', async () => {
    const uri = 'file:///tmp/edit.yaml';
    await client.open(uri, BROKEN);
    const fixed = client.nextDiagnostics(uri, 2);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 5 }, end: { line: 3, character: 20 } }, text: 'RequestReceived' }],
    });
    assert.deepEqual(
      (await fixed).diagnostics.filter((d) => d.severity! <= 2),
      [],
    );
  });

  it('offers the quick fix that travels with a finding', async () => {
    const uri = 'file:///tmp/fix.yaml';
    const text = 'apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: Metadata\n';
    const published = await client.open(uri, text);
    const [d] = published.diagnostics;
    assert.equal(d.code, 'removed-api-version');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.equal(actions[0].title, 'Change apiVersion to audit.k8s.io/v1');
    assert.deepEqual(actions[0].edit!.changes![uri][0], { range: d.range, newText: 'audit.k8s.io/v1' });
  });

  it('counts columns in UTF-16 code units after non-ASCII text', async () => {
    const text = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    users: ["zoë😀", 5]\n';
    const published = await client.open('file:///tmp/unicode.yaml', text);
    const d = published.diagnostics.find((x) => x.code === 'invalid-type')!;
    assert.deepEqual(d.range, { start: { line: 4, character: 21 }, end: { line: 4, character: 22 } });
  });

  async function symbolsOf(uri: string): Promise<DocumentSymbol[]> {
    return (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  }
});
