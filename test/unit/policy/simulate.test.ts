// The simulator's description of a decision: event contents by level and request kind, the
// stages a request really produces, and the sentence shown in the editor.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventContents, producedStages, simulate } from '../../../server/src/policy/simulate';
import { policyFromPlain } from '../../../server/src/policy/plain';
import { parseShorthand } from '../../../server/src/policy/request';
import type { AuditRequest } from '../../../server/src/policy/request';
import { TYPICAL_REQUESTS } from '../../../server/src/policy/typicalRequests';

function request(shorthand: string): AuditRequest {
  const parsed = parseShorthand(shorthand);
  assert.ok(parsed.ok, `bad shorthand in test: ${shorthand}`);
  return parsed.request;
}

describe('eventContents', () => {
  const cases: [string, string, RegExp][] = [
    ['None', 'alice get pods/web -n default', /^nothing/],
    ['Metadata', 'alice create pods -n default', /^metadata only/],
    ['Request', 'alice create pods -n default', /^metadata and the request body$/],
    ['Request', 'alice get secrets/db -n default', /no request body/],
    ['RequestResponse', 'alice get secrets/db -n default', /^metadata and the response body$/],
    ['RequestResponse', 'alice update secrets/db -n default', /request body and the response body/],
    ['RequestResponse', 'alice get /healthz', /non-resource request has no bodies/],
    ['RequestResponse', 'alice create pods/web/exec -n default', /exec subresource logs no bodies/],
    ['Request', 'alice delete pods/web -n default', /request body/],
  ];
  for (const [level, shorthand, expected] of cases) {
    it(`${level} for ${shorthand}`, () => assert.match(eventContents(level, request(shorthand)), expected));
  }
});

describe('producedStages', () => {
  it('a plain get has no ResponseStarted', () =>
    assert.deepEqual(producedStages(request('alice get pods/web -n d')), ['RequestReceived', 'ResponseComplete']));
  it('a watch is long-running', () =>
    assert.deepEqual(producedStages(request('alice watch pods -n d')), ['RequestReceived', 'ResponseStarted', 'ResponseComplete']));
  it('exec and log are long-running', () => {
    assert.ok(producedStages(request('alice create pods/web/exec -n d')).includes('ResponseStarted'));
    assert.ok(producedStages(request('alice get pods/web/log -n d')).includes('ResponseStarted'));
  });
});

describe('simulate', () => {
  const policy = policyFromPlain({
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'] },
      {
        level: 'RequestResponse',
        resources: [{ group: '', resources: ['pods'] }],
        omitStages: ['ResponseStarted'],
        omitManagedFields: true,
      },
    ],
  });

  it('describes the deciding rule with effective stages and contents', () => {
    const sim = simulate(policy, request('alice@system:authenticated watch pods -n default'));
    assert.equal(sim.decision.rule, 1);
    assert.deepEqual(sim.stages, ['ResponseComplete']);
    assert.equal(
      sim.summary,
      'Matched by rule 2: level RequestResponse, stages ResponseComplete; omitManagedFields true; each event records metadata and the response body.',
    );
    assert.equal(sim.decision.trace.length, 1);
    assert.equal(sim.decision.trace[0].field, 'users');
  });

  it('says when nothing matches', () => {
    const sim = simulate(policy, request('alice get /healthz'));
    assert.equal(sim.decision.rule, null);
    assert.match(sim.summary, /not logged at all/);
    assert.equal(sim.ruleSpan, undefined);
  });

  it('every typical request parses and round-trips through the shorthand', () => {
    for (const t of TYPICAL_REQUESTS) {
      const r = request(t.shorthand);
      assert.equal(simulate(policy, r).shorthand, t.shorthand, t.label);
    }
  });
});
