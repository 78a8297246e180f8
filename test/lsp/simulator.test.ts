// The simulator's server side over stdio: CodeLens commands and payloads, auditPolicy/evaluate
// on a pasted audit Event (explained rule by rule), bad input, and the batch request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { EvaluateBatchMethod, EvaluateMethod, SimulationInputsMethod } from '../../server/src/lsp/protocol';
import type { EvaluateBatchResult, EvaluateResult, SimulationInputs, TestRuleArgs } from '../../server/src/lsp/protocol';
import { startTestClient } from '../support/lspClient';
import type { TestClient } from '../support/lspClient';

const DOCS_EXAMPLE = readFileSync(resolve(__dirname, '../../../examples/kubernetes-docs-example.yaml'), 'utf8');
const URI = 'file:///tmp/docs-example.yaml';

/** An audit event in the form the Kubernetes documentation shows (kubectl listing pods). */
const DOCS_EVENT = JSON.stringify({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'f9bd9f4c-5b7e-4f1c-9c1c-3a1d2a0d1a11',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/kube-system/configmaps/coredns',
  verb: 'update',
  user: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
  sourceIPs: ['10.0.0.1'],
  userAgent: 'kubectl/v1.30.0',
  objectRef: { resource: 'configmaps', namespace: 'kube-system', name: 'coredns', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
});

describe('simulator over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient();
    await client.open(URI, DOCS_EXAMPLE);
  });
  after(async () => {
    await client.stop();
  });

  const evaluate = (request: string) =>
    client.connection.sendRequest(EvaluateMethod, { textDocument: { uri: URI }, request }) as Promise<EvaluateResult>;

  it('puts `Simulate a request...` above rules: and `Test request` above every rule', async () => {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) as CodeLens[];
    assert.equal(lenses[0].command!.title, 'Simulate a request...');
    assert.equal(lenses[0].range.start.line, 6);
    const tests = lenses.filter((l) => l.command!.command === 'auditPolicy.testRule');
    assert.equal(tests.length, 9);
    assert.equal(tests[0].range.start.line, 8);
  });

  it('every live rule lens carries a witness that the same rule decides', async () => {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) as CodeLens[];
    for (const lens of lenses.filter((l) => l.command!.command === 'auditPolicy.testRule')) {
      const args = lens.command!.arguments![0] as TestRuleArgs;
      if (args.witness === null) {
        assert.match(args.deadReason!, /earlier rule|no request/);
        continue;
      }
      const result = await evaluate(args.witness);
      assert.ok(result.ok);
      assert.equal(result.rule, args.rule, `witness ${args.witness} of rule ${args.rule + 1}`);
    }
  });

  it('explains a pasted audit Event rule by rule', async () => {
    const result = await evaluate(DOCS_EVENT);
    assert.ok(result.ok);
    assert.equal(result.rule, 5);
    assert.equal(result.level, 'Request');
    assert.deepEqual(result.omitStages, ['RequestReceived']);
    assert.equal(result.contains, 'metadata and the request body');
    assert.equal(result.trace.length, 5);
    assert.deepEqual(
      result.trace.map((t) => t.rule),
      [0, 1, 2, 3, 4],
    );
    assert.match(result.trace[0].reason, /configmaps/);
    assert.match(result.trace[2].reason, /coredns|resourceNames|controller-leader/);
    assert.equal(result.ruleRange!.start.line, 43);
  });

  it('says when no rule matches and where a catch-all would go', async () => {
    const policy = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    users: [bob]\n';
    await client.open('file:///tmp/no-catch-all.yaml', policy);
    const result = (await client.connection.sendRequest(EvaluateMethod, {
      textDocument: { uri: 'file:///tmp/no-catch-all.yaml' },
      request: 'alice get pods -n default',
    })) as EvaluateResult;
    assert.ok(result.ok);
    assert.equal(result.rule, null);
    assert.equal(result.level, 'None');
    assert.match(result.summary, /not logged at all/);
    assert.deepEqual(result.catchAllAt!.start, { line: 5, character: 0 });
  });

  it('returns a precise error for bad input', async () => {
    const result = await evaluate('alice get pods -n');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.message.length > 0);
  });

  it('offers witnesses and typical requests', async () => {
    const inputs = (await client.connection.sendRequest(SimulationInputsMethod, { textDocument: { uri: URI } })) as SimulationInputs;
    assert.ok(inputs.witnesses.length >= 8);
    assert.ok(inputs.typical.some((t) => t.shorthand.includes('/healthz')));
  });

  it('evaluates a batch of lines and reports malformed ones with their line numbers', async () => {
    const lines = [DOCS_EVENT, '', 'alice get secrets/x -n default', 'not a request at all {', 'system:anonymous get /healthz'];
    const result = (await client.connection.sendRequest(EvaluateBatchMethod, {
      textDocument: { uri: URI },
      lines,
      firstLine: 1,
    })) as EvaluateBatchResult;
    const byRule = Object.fromEntries(result.counts.map((c) => [String(c.rule), c.count]));
    assert.deepEqual(byRule, { '5': 1, '6': 1, '8': 1 });
    assert.deepEqual(
      result.errors.map((e) => e.line),
      [4],
    );
    assert.equal(result.ruleLines.length, 9);
  });

  it('answers null for a document that is not a policy', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///tmp/other.yaml', languageId: 'yaml', version: 1, text: 'a: 1\n' },
    });
    const result = await client.connection.sendRequest(EvaluateMethod, {
      textDocument: { uri: 'file:///tmp/other.yaml' },
      request: 'alice get pods',
    });
    assert.equal(result, null);
  });
});
