// `audit-policy replay`: JSON and text reports, per-rule counts equal to `audit-policy eval` on
// the same log, --compare against a file and a git revision, and usage errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runEval } from '../../../server/src/cli/eval';
import { openLogFile, runReplay } from '../../../server/src/cli/replay';
import { fakeIO } from '../../support/eval-fake-io';

const root = resolve(__dirname, '../../../..');
const policyText = (name: string) => readFileSync(resolve(root, `examples/${name}.yaml`), 'utf8');
const log = (name: string) => resolve(root, 'test/fixtures/logs', name);

interface RuleJson {
  rule: number | null;
  line: number | null;
  events: number;
  requests: number;
  bytes: number | 'unknown';
  bytesAtLeast: number;
  uncountedStages: string[];
}

async function replayJson(args: string[], files: Record<string, string>) {
  const io = fakeIO(files);
  const code = await runReplay([...args, '--format', 'json'], io, openLogFile);
  return { code, json: JSON.parse(io.out.join('')), err: io.err.join('') };
}

void describe('replay CLI', () => {
  void it('counts per rule what eval decides for each event of the log', async () => {
    const files = { 'p.yaml': policyText('kubernetes-docs-example') };
    const { code, json } = await replayJson(['p.yaml', log('requestresponse.jsonl')], files);
    assert.equal(code, 0);
    const evalIO = fakeIO({ ...files, 'log.jsonl': readFileSync(log('requestresponse.jsonl'), 'utf8') });
    await runEval(['p.yaml', '--requests', 'log.jsonl'], evalIO);
    const decisions = evalIO.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { rule?: number | null; error?: string });
    const perRule = new Map<number | null, number>();
    for (const d of decisions) if (d.error === undefined) perRule.set(d.rule!, (perRule.get(d.rule!) ?? 0) + 1);
    for (const r of [...json.policy.rules, json.policy.unmatched] as RuleJson[]) {
      assert.equal(r.events, perRule.get(r.rule) ?? 0, `rule ${r.rule}`);
    }
    assert.equal(json.totals.malformedLines, decisions.filter((d) => d.error !== undefined).length);
    assert.equal(json.policy.rules[0].line, 9);
  });

  void it('reads gzip, says which stages and bodies the log cannot show', async () => {
    const files = { 'p.yaml': policyText('gke-style') };
    const { json } = await replayJson(['p.yaml', log('metadata-no-received.jsonl.gz')], files);
    assert.equal(
      json.totals.events,
      gunzipSync(readFileSync(log('metadata-no-received.jsonl.gz')))
        .toString()
        .trim()
        .split('\n').length,
    );
    assert.deepEqual(json.stagesAbsentFromLog, ['RequestReceived']);
    const rr = (json.policy.rules as (RuleJson & { level: string })[]).find((r) => r.level === 'RequestResponse' && r.events > 0)!;
    assert.equal(rr.bytes, 'unknown');
    assert.ok(rr.bytesAtLeast > 0);
  });

  void it('compares with another file and with a git revision', async () => {
    const files = { 'a.yaml': policyText('kubernetes-docs-example'), 'b.yaml': policyText('gke-style') };
    const withFile = await replayJson(['a.yaml', log('requestresponse.jsonl'), '--compare', 'b.yaml'], files);
    assert.ok(withFile.json.compare.changes.length > 0);
    assert.equal(typeof withFile.json.compare.bytesDelta, 'number');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const withGit = await replayJson(['a.yaml', log('requestresponse.jsonl'), '--compare', 'HEAD:examples/gke-style.yaml'], files);
      assert.deepEqual(withGit.json.compare.changes, withFile.json.compare.changes);
    } finally {
      process.chdir(cwd);
    }
  });

  void it('prints a text report with shares, sizes and the malformed lines', async () => {
    const io = fakeIO({ 'p.yaml': policyText('kubernetes-docs-example') });
    assert.equal(await runReplay(['p.yaml', log('requestresponse.jsonl'), '--top', '2'], io, openLogFile), 0);
    const text = io.out.join('');
    assert.match(text, /^.*requestresponse\.jsonl: 8\d events of \d+ requests, [\d.]+ kB, 2 malformed lines$/m);
    assert.match(text, /rule 1 \(line 9, RequestResponse\): \d+ requests \([\d.]+%\)/);
    assert.match(text, /malformed lines:\n {2}.*requestresponse\.jsonl:31: not JSON/);
  });

  void it('rejects bad usage', async () => {
    await assert.rejects(runReplay(['p.yaml'], fakeIO({ 'p.yaml': policyText('gke-style') })), /at least one audit log/);
    await assert.rejects(runReplay(['p.yaml', 'x', '--format', 'xml'], fakeIO({})), /--format must be text or json/);
    await assert.rejects(
      runReplay(['p.yaml', 'missing.jsonl'], fakeIO({ 'p.yaml': policyText('gke-style') })),
      /cannot read missing\.jsonl: no such file/,
    );
    await assert.rejects(runReplay(['p.yaml', 'x'], fakeIO({ 'p.yaml': 'a: 1\n' })), /no audit policy found/);
    await assert.rejects(
      runReplay(['p.yaml', log('mixed.jsonl'), '--compare', 'nope.yaml'], fakeIO({ 'p.yaml': policyText('gke-style') })),
      /cannot read nope\.yaml/,
    );
  });
});
