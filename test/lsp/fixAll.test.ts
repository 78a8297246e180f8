// Source actions over stdio: "fix all" (for editor.codeActionsOnSave) and the CIS rules insertion,
// offered only when asked for by kind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { startTestClient } from '../support/lspClient';
import type { TestClient } from '../support/lspClient';

const URI = 'file:///tmp/fix-all.yaml';
const TEXT =
  'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestResponse]\nrules:\n  - level: None\n    resources:\n      - group: ""\n        resources: ["pods/exec"]\n  - level: Request\n';

describe('source actions over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient();
    await client.open(URI, TEXT);
  });
  after(async () => {
    await client.stop();
  });

  const actions = async (only?: string[]) =>
    (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only },
    })) as CodeAction[];

  it('offers fix all for source.fixAll, with the edits of every preferred fix', async () => {
    const [fixAll] = await actions(['source.fixAll']);
    assert.ok(fixAll, 'a fix-all action');
    assert.equal(fixAll.kind, 'source.fixAll.auditPolicy');
    assert.match(fixAll.title, /^Fix all audit policy problems \(\d+\)$/);
    const edits = fixAll.edit!.changes![URI]!;
    assert.ok(
      edits.some((e) => e.newText === '' && e.range.start.line === 2),
      'removes the level name from omitStages',
    );
  });

  it('offers the CIS rules as a source action, and nothing whole-document unasked', async () => {
    const source = await actions(['source']);
    assert.ok(source.some((a) => a.kind === 'source.auditPolicy.insertCisRules' && a.title === 'Insert the missing CIS 3.2.2 rules'));
    const unasked = await actions();
    assert.ok(!unasked.some((a) => a.kind?.startsWith('source')));
  });
});
