// Replay in the editor over stdio: the server streams a log from disk, reports progress, answers
// with the CLI's report, and serves per-rule CodeLenses until the policy changes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { ReplayMethod, ReplayProgressNotification } from '../../server/src/lsp/protocol';
import type { ReplayProgressParams, ReplayResponse } from '../../server/src/lsp/protocol';
import { startTestClient } from '../support/lspClient';
import type { TestClient } from '../support/lspClient';

const ROOT = join(__dirname, '../../..');
const POLICY = readFileSync(join(ROOT, 'examples/kubernetes-docs-example.yaml'), 'utf8');
const LOG = join(ROOT, 'test/fixtures/logs/mixed.jsonl');
const URI = 'file:///tmp/replay-policy.yaml';

describe('replay over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient();
    await client.open(URI, POLICY);
  });
  after(async () => {
    await client.stop();
  });

  const lenses = async () =>
    ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) as CodeLens[]).map(
      (l) => l.command!.title,
    );

  it('replays a log with progress, answers with the report and per-rule lenses', async () => {
    const progress: ReplayProgressParams[] = [];
    const listener = client.connection.onNotification(ReplayProgressNotification, (p: ReplayProgressParams) => {
      progress.push(p);
    });
    const response = (await client.connection.sendRequest(ReplayMethod, { textDocument: { uri: URI }, logs: [LOG] })) as ReplayResponse;
    listener.dispose();
    assert.ok(response.ok, JSON.stringify(response));
    assert.ok(response.requests > 0);
    assert.match(response.report, /events of [\d,]+ requests/);
    assert.match(response.report, /rule 1 \(line \d+/);
    const last = progress[progress.length - 1]!;
    assert.equal(last.bytesRead, last.totalBytes, 'the final progress covers the whole file');
    const titles = await lenses();
    assert.ok(
      titles.some((t) => /^Replayed [\d,]+ requests: show report$/.test(t)),
      titles.join(' | '),
    );
    const perRule = titles.filter((t) => t.startsWith('Replay: '));
    const rules = (POLICY.match(/^ {2}- level:/gm) ?? []).length;
    assert.equal(perRule.length, rules, titles.join(' | '));
    assert.ok(
      perRule.some((t) => /^Replay: \d+\.\d% of requests, /.test(t)),
      perRule.join(' | '),
    );
    const shares = perRule.map((t) => Number(/([\d.]+)% of requests/.exec(t)?.[1] ?? 0));
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 100) < rules * 0.1 + 1 || response.report.includes('no rule'), String(shares));
  });

  it('marks the lenses out of date once the policy changes', async () => {
    await client.change(URI, 2, POLICY.replace('level: None', 'level: Metadata'));
    const titles = await lenses();
    assert.ok(titles.includes('Replay results are out of date: replay again'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.startsWith('Replay: ')));
  });

  it('compares with another policy and reports missing files clearly', async () => {
    const compared = (await client.connection.sendRequest(ReplayMethod, {
      textDocument: { uri: URI },
      logs: [LOG],
      compare: { label: 'catch-all', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n' },
    })) as ReplayResponse;
    assert.ok(compared.ok);
    assert.match(compared.report, /catch-all/);
    const missing = (await client.connection.sendRequest(ReplayMethod, {
      textDocument: { uri: URI },
      logs: ['/nonexistent/audit.log'],
    })) as ReplayResponse;
    assert.deepEqual(missing, { ok: false, error: 'Cannot read /nonexistent/audit.log: no such file' });
  });
});
