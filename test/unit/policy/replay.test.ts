// Replay: per-rule counts equal evaluating each event on its own (the reference path: JSON.parse,
// requestFromEvent, evaluate), whatever the chunking or compression; distinct requests, kept
// stages, the bytes estimate and its "unknown", malformed lines, and the comparison.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { analyze } from '../../../server/src/policy/analyze';
import { evaluate } from '../../../server/src/policy/evaluate';
import type { Policy } from '../../../server/src/policy/model';
import { policyFromPlain } from '../../../server/src/policy/plain';
import { replay } from '../../../server/src/policy/replay';
import type { ReplayResult } from '../../../server/src/policy/replay';
import { requestFromEvent } from '../../../server/src/policy/request';

const root = resolve(__dirname, '../../../..');
const policyOf = (name: string): Policy => analyze(readFileSync(resolve(root, `examples/${name}.yaml`), 'utf8')).policies[0]!.policy;
const LOGS = ['requestresponse.jsonl', 'metadata-no-received.jsonl.gz', 'mixed.jsonl'];
const POLICIES = ['kubernetes-docs-example', 'gke-style', 'huawei-cloud-style', 'yandex-managed-style'];

function logText(name: string): string {
  const raw = readFileSync(resolve(root, 'test/fixtures/logs', name));
  return (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function run(policy: Policy, bytes: Buffer | string, options = {}, chunk = 1 << 16): Promise<ReplayResult> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return replay(policy, [{ name: 'log', chunks: chunksOf(data, chunk) }], options);
}

/** The reference: each line on its own through JSON.parse, requestFromEvent and evaluate. */
function reference(policy: Policy, text: string) {
  const perRule = new Map<number | null, { events: number; ids: Set<string> }>();
  const malformed: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return void malformed.push(i + 1);
    }
    const parsed = requestFromEvent(value);
    if (!parsed.ok) return void malformed.push(i + 1);
    const rule = evaluate(policy, parsed.request).rule;
    const entry = perRule.get(rule) ?? { events: 0, ids: new Set<string>() };
    entry.events++;
    entry.ids.add((value as { auditID: string }).auditID);
    perRule.set(rule, entry);
  });
  return { perRule, malformed };
}

const event = (fields: Record<string, unknown>) =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: 'a1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods/web',
    verb: 'get',
    user: { username: 'alice', groups: ['devs'] },
    ...fields,
  });

void describe('replay', () => {
  for (const log of LOGS) {
    for (const name of POLICIES) {
      void it(`${log} through ${name}: per-rule events and requests equal evaluating each event`, async () => {
        const policy = policyOf(name);
        const text = logText(log);
        const raw = readFileSync(resolve(root, 'test/fixtures/logs', log));
        const result = await run(policy, raw, {}, 997);
        const expected = reference(policy, text);
        for (const r of [...result.policy.rules, result.policy.unmatched]) {
          const want = expected.perRule.get(r.rule) ?? { events: 0, ids: new Set() };
          assert.equal(r.events, want.events, `events of rule ${r.rule}`);
          assert.equal(r.requests, want.ids.size, `requests of rule ${r.rule}`);
        }
        assert.deepEqual(
          result.malformed.map((m) => m.line),
          expected.malformed,
        );
        assert.equal(result.totals.malformedLines, expected.malformed.length);
      });
    }
  }

  void it('gives the same result for any chunking, gzip or not', async () => {
    const policy = policyOf('gke-style');
    const text = logText('requestresponse.jsonl');
    const whole = await run(policy, text);
    assert.deepEqual(await run(policy, text, {}, 1), whole);
    assert.deepEqual(await run(policy, text, {}, 7), whole);
    assert.deepEqual(await run(policy, gzipSync(text), {}, 13), whole);
    assert.ok(whole.totals.malformedLines > 0 && whole.totals.events > 50);
  });

  void it('counts a request once across its stages and keeps only stages not omitted', async () => {
    const policy = policyFromPlain({ omitStages: ['RequestReceived'], rules: [{ level: 'Metadata' }] });
    const lines = [
      event({ auditID: 'w', stage: 'RequestReceived', verb: 'watch', requestURI: '/api/v1/pods?watch=1' }),
      event({ auditID: 'g', stage: 'RequestReceived' }),
      event({ auditID: 'w', stage: 'ResponseStarted', verb: 'watch', requestURI: '/api/v1/pods?watch=1' }),
      event({ auditID: 'g', stage: 'ResponseComplete' }),
      event({ auditID: 'w', stage: 'ResponseComplete', verb: 'watch', requestURI: '/api/v1/pods?watch=1' }),
      event({ auditID: '', stage: 'ResponseComplete' }),
      '',
    ];
    const r = (await run(policy, lines.join('\r\n'))).policy.rules[0]!;
    assert.equal(r.events, 6);
    assert.equal(r.requests, 3);
    assert.deepEqual(r.eventsByStage, { RequestReceived: 2, ResponseStarted: 1, ResponseComplete: 3 });
    assert.equal(r.keptEvents, 4);
    assert.deepEqual(
      r.top.verbs.map((v) => [v.name, v.requests]),
      [
        ['get', 2],
        ['watch', 1],
      ],
    );
  });

  void it('estimates bytes from the event itself, and says unknown when the log lacks the bodies', async () => {
    const body = { kind: 'Pod', metadata: { name: 'web' } };
    const line = event({ verb: 'create', requestURI: '/api/v1/namespaces/default/pods', requestObject: body, responseObject: body });
    const req = Buffer.byteLength(`"requestObject":${JSON.stringify(body)}`) + 1;
    const resp = req + 1; // "responseObject" is one letter longer
    const bytesAt = async (level: string, text: string) => (await run(policyFromPlain({ rules: [{ level }] }), text)).policy.bytes;
    const size = Buffer.byteLength(line) + 1;
    assert.deepEqual(await bytesAt('RequestResponse', line), { metadata: size - req - resp, bodies: req + resp, unknownBodyEvents: 0 });
    assert.deepEqual(await bytesAt('Request', line), { metadata: size - req - resp - 8, bodies: req, unknownBodyEvents: 0 });
    assert.deepEqual(await bytesAt('Metadata', line), { metadata: size - req - resp - 7, bodies: 0, unknownBodyEvents: 0 });
    assert.deepEqual(await bytesAt('None', line), { metadata: 0, bodies: 0, unknownBodyEvents: 0 });
    const metadataOnly = event({ level: 'Metadata', verb: 'create', requestURI: '/api/v1/namespaces/default/pods' });
    assert.equal((await bytesAt('Request', metadataOnly)).unknownBodyEvents, 1);
    // A get has no request body: at Request nothing is missing; at RequestResponse its response is.
    const get = event({ level: 'Metadata' });
    assert.equal((await bytesAt('Request', get)).unknownBodyEvents, 0);
    assert.equal((await bytesAt('RequestResponse', get)).unknownBodyEvents, 1);
    // Non-resource requests and exec never log bodies, and RequestReceived events carry none.
    assert.equal((await bytesAt('RequestResponse', event({ level: 'Metadata', requestURI: '/healthz' }))).unknownBodyEvents, 0);
    assert.equal((await bytesAt('RequestResponse', event({ level: 'Metadata', stage: 'RequestReceived' }))).unknownBodyEvents, 0);
    const exec = event({ level: 'Metadata', verb: 'create', requestURI: '/api/v1/namespaces/d/pods/p/exec?command=sh' });
    assert.equal((await bytesAt('RequestResponse', exec)).unknownBodyEvents, 0);
  });

  void it('reports malformed lines by number and goes on', async () => {
    const policy = policyFromPlain({ rules: [{ level: 'Metadata' }] });
    const text = ['{"kind":"Event"', event({}), 'not json', '[]', event({ kind: 'Status' }), event({ auditID: 'b' })].join('\n');
    const result = await run(policy, '\ufeff' + text, { maxMalformedReported: 2 });
    assert.equal(result.totals.events, 2);
    assert.equal(result.totals.malformedLines, 4);
    assert.deepEqual(
      result.malformed.map((m) => m.line),
      [1, 3],
    );
    assert.match(result.malformed[0]!.message, /^not JSON/);
  });

  void it('compares two policies: which requests change level and the volume delta', async () => {
    const a = policyFromPlain({ rules: [{ level: 'None', verbs: ['get'] }, { level: 'Metadata' }] });
    const b = policyFromPlain({ rules: [{ level: 'RequestResponse', users: ['alice'] }, { level: 'Metadata' }] });
    const lines = [event({ auditID: '1' }), event({ auditID: '2', user: { username: 'bob' } }), event({ auditID: '3', verb: 'delete' })];
    const result = await run(a, lines.join('\n'), { compare: b });
    const changes = result.compare!.changes;
    assert.equal(changes.length, 3);
    const fromNone = changes.find((c) => c.from.rule === 0 && c.to.rule === 0)!;
    assert.deepEqual([fromNone.from.level, fromNone.to.level, fromNone.requests], ['None', 'RequestResponse', 1]);
    assert.equal(fromNone.bytesDelta, Buffer.byteLength(lines[0]!) + 1);
    assert.equal(fromNone.examples[0]!.user, 'alice');
    const total = (r: ReplayResult['policy']) => r.bytes.metadata + r.bytes.bodies;
    const delta = changes.reduce((sum, c) => sum + c.bytesDelta, 0);
    assert.equal(total(result.compare!.policy) - total(result.policy), delta);
  });

  void it('stops at cancellation', async () => {
    const policy = policyFromPlain({ rules: [{ level: 'Metadata' }] });
    const result = await run(policy, logText('mixed.jsonl'), { cancel: { isCancellationRequested: true } });
    assert.equal(result.cancelled, true);
    assert.equal(result.totals.lines, 0);
  });
});
