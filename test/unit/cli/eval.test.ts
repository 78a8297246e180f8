import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runEval } from '../../../server/src/cli/eval';
import { UsageError } from '../../../server/src/cli/io';
import { fakeIO } from '../../support/eval-fake-io';

const POLICY = [
  'apiVersion: audit.k8s.io/v1',
  'kind: Policy',
  'omitStages: ["RequestReceived"]',
  'omitManagedFields: true',
  'rules:',
  '  - level: None',
  '    users: ["system:kube-proxy"]',
  '  - level: RequestResponse',
  '    omitManagedFields: false',
  '    resources:',
  '      - group: ""',
  '        resources: ["pods"]',
  '  - level: Metadata',
  '    omitStages: [Panic]',
  '',
].join('\n');

function lines(out: string[]): unknown[] {
  return out
    .join('')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

void describe('eval command (runEval in-process)', () => {
  void it('prints one decision line for --request shorthand and JSON', async () => {
    const io = fakeIO({ 'p.yaml': POLICY });
    const code = await runEval(
      [
        'p.yaml',
        '--request',
        'alice get /api/v1/namespaces/default/pods/web',
        '--request',
        '{"user":"bob","verb":"get","path":"/healthz"}',
      ],
      io,
    );
    assert.equal(code, 0);
    assert.deepEqual(lines(io.out), [
      { rule: 1, level: 'RequestResponse', omitStages: ['RequestReceived'], omitManagedFields: false },
      { rule: 2, level: 'Metadata', omitStages: ['Panic', 'RequestReceived'], omitManagedFields: true },
    ]);
    assert.deepEqual(io.err, []);
  });

  void it('adds the trace with 0-based positions of the failing conditions with --explain', async () => {
    const io = fakeIO({ 'p.yaml': POLICY });
    assert.equal(await runEval(['p.yaml', '--explain', '--request', 'alice get /healthz'], io), 0);
    assert.deepEqual(lines(io.out), [
      {
        rule: 2,
        level: 'Metadata',
        omitStages: ['Panic', 'RequestReceived'],
        omitManagedFields: true,
        trace: [
          { rule: 0, field: 'users', reason: 'user "alice" is not in users [system:kube-proxy]', line: 6, character: 4 },
          {
            rule: 1,
            field: 'requestKind',
            reason: 'the rule has resources, so it matches only resource requests, but "/healthz" is a non-resource request',
            line: 9,
            character: 4,
          },
        ],
      },
    ]);
  });

  void it('reads JSON lines and Events from --requests, keeps one output line per request and exits 2 on a bad line', async () => {
    const requests = [
      '{"user":"system:kube-proxy","verb":"watch","path":"/api/v1/endpoints"}',
      '',
      '# a comment',
      '{"kind":"Event","verb":"get","requestURI":"/api/v1/namespaces/x/pods","user":{}}',
      '{"verb":',
      'bob list pods',
    ].join('\n');
    const io = fakeIO({ 'p.yaml': POLICY, 'r.jsonl': requests });
    assert.equal(await runEval(['p.yaml', '--requests', 'r.jsonl'], io), 2);
    assert.deepEqual(lines(io.out), [
      { rule: 0, level: 'None', omitStages: ['RequestReceived'], omitManagedFields: true },
      { rule: 1, level: 'RequestResponse', omitStages: ['RequestReceived'], omitManagedFields: false },
      {
        line: 5,
        error: 'invalid JSON: expected a value (object, list, string, number, true, false or null), found the end of the text',
        offset: 8,
      },
      { rule: 1, level: 'RequestResponse', omitStages: ['RequestReceived'], omitManagedFields: false },
    ]);
  });

  void it('reads requests from standard input by default', async () => {
    const io = fakeIO({ 'p.yaml': POLICY }, 'get /metrics\r\n');
    assert.equal(await runEval(['p.yaml'], io), 0);
    assert.deepEqual(lines(io.out), [{ rule: 2, level: 'Metadata', omitStages: ['Panic', 'RequestReceived'], omitManagedFields: true }]);
  });

  void it('warns about policy errors on stderr, still evaluates, and exits 1', async () => {
    const bad = POLICY.replace('level: Metadata', 'level: metadata');
    const io = fakeIO({ 'p.yaml': bad });
    assert.equal(await runEval(['p.yaml', '--request', 'get /metrics'], io), 1);
    assert.deepEqual(lines(io.out), [{ rule: 2, level: 'metadata', omitStages: ['Panic', 'RequestReceived'], omitManagedFields: true }]);
    const err = io.err.join('');
    assert.match(err, /^p\.yaml:13:\d+: error [a-z-]+: .*metadata/m);
    assert.match(err, /kube-apiserver would refuse this policy/);
  });

  void it('follows --kubernetes-version for group "*"', async () => {
    const policy =
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Request\n    resources:\n      - group: "*"\n  - level: Metadata\n';
    const newer = fakeIO({ 'p.yaml': policy });
    assert.equal(await runEval(['p.yaml', '--kubernetes-version', '1.36', '--request', 'get deployments.apps'], newer), 0);
    assert.equal((lines(newer.out)[0] as { rule: number }).rule, 0);
    const older = fakeIO({ 'p.yaml': policy });
    assert.equal(await runEval(['p.yaml', '--kubernetes-version', '1.35', '--request', 'get deployments.apps'], older), 1); // group "*" is an error before 1.36
    assert.equal((lines(older.out)[0] as { rule: number }).rule, 1);
  });

  void it('usage and I/O errors throw UsageError (exit 2 in the front)', async () => {
    const io = fakeIO({ 'p.yaml': POLICY, 'x.yaml': 'a: 1\n' });
    await assert.rejects(runEval([], io), UsageError);
    await assert.rejects(runEval(['p.yaml', '--request', 'get', '--requests', '-'], io), /either --request or --requests/);
    await assert.rejects(runEval(['-'], io), /cannot both come from standard input/);
    await assert.rejects(runEval(['missing.yaml', '--request', 'get pods'], io), /cannot read missing.yaml: no such file/);
    await assert.rejects(runEval(['x.yaml', '--request', 'get pods'], io), /x\.yaml: no audit policy found/);
    await assert.rejects(
      runEval(['p.yaml', '--request', 'get pods/'], io),
      /invalid --request "get pods\/": expected a name after "\/" \(at character 10\)/,
    );
    await assert.rejects(
      runEval(['p.yaml', '--kubernetes-version', 'latest', '--request', 'get pods'], io),
      /--kubernetes-version takes MAJOR.MINOR/,
    );
  });
});
