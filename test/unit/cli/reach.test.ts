// `audit-policy reach`: the JSON contract, the text report, exit codes, and that every witness it
// prints is confirmed by `audit-policy eval` (the "done when").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runReach } from '../../../server/src/cli/reach';
import { runEval } from '../../../server/src/cli/eval';
import { fakeIO } from '../../support/eval-fake-io';

const examples = ['kubernetes-docs-example', 'huawei-cloud-style', 'yandex-managed-style', 'gke-style'];
const read = (name: string) => readFileSync(resolve(__dirname, `../../../../examples/${name}.yaml`), 'utf8');

describe('reach CLI', () => {
  for (const name of examples) {
    it(`${name}: eval confirms every witness`, async () => {
      const io = fakeIO({ 'p.yaml': read(name) });
      assert.equal(await runReach(['p.yaml', '--format', 'json'], io), 0);
      const verdicts = JSON.parse(io.out.join('')) as { rule: number; reachable: boolean; witness: object | null }[];
      for (const v of verdicts) {
        assert.equal(v.reachable, true);
        const evalIO = fakeIO({ 'p.yaml': read(name) });
        assert.equal(await runEval(['p.yaml', '--request', JSON.stringify(v.witness)], evalIO), 0);
        assert.equal(JSON.parse(evalIO.out.join('')).rule, v.rule);
      }
    });
  }

  it('reports a catch-all placed first and exits 1', async () => {
    const io = fakeIO({ 'p.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n- level: None\n  users: [a]\n' });
    assert.equal(await runReach(['p.yaml'], io), 1);
    assert.match(io.out.join(''), /rule 2 \(line 5\): never used, shadowed by rule 1 \(line 4\)/);
    assert.match(io.out.join(''), /2 rules: 1 reachable, 1 never used/);
  });

  it('rejects a bad format and a non-policy', async () => {
    await assert.rejects(runReach(['p.yaml', '--format', 'xml'], fakeIO({})), /--format must be text or json/);
    await assert.rejects(runReach(['p.yaml'], fakeIO({ 'p.yaml': 'a: 1\n' })), /no audit policy found/);
  });
});
