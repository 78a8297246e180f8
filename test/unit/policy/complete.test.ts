// Context-aware completion on half-written policies: the slot under the cursor (key or value,
// which object, which field), the entry's group, flow and block lists, mid-word, quoting, and
// that what is inserted makes a valid policy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/src/policy/analyze';
import { completeAt } from '../../../server/src/policy/complete';
import { cursorContext } from '../../../server/src/policy/cursor';
import { applyEdits, marked } from '../../support/marked';

const H = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n';

function completions(source: string, kubernetesVersion?: string, marker = '|') {
  const { text, offset } = marked(source, marker);
  return { text, offset, items: completeAt(analyze(text, { kubernetesVersion }), offset) };
}

const labels = (source: string, version?: string) => completions(source, version).items.map((i) => i.label);

describe('cursor context', () => {
  it('reads keys, values and list items of each object from indentation', () => {
    const slot = (source: string) => {
      const { text, offset } = marked(source);
      return cursorContext(text, offset)?.slot;
    };
    assert.deepEqual(slot(`${H}  - level: None\n    us|\n`), { kind: 'key', object: 'PolicyRule', newItem: false });
    assert.deepEqual(slot(`${H}  - level: |\n`), { kind: 'value', object: 'PolicyRule', field: 'level', inList: false });
    assert.deepEqual(slot(`${H}- level: None\n  users:\n  - |\n`), { kind: 'value', object: 'PolicyRule', field: 'users', inList: true });
    assert.deepEqual(slot(`${H}  - level: None\n    resources:\n      - |\n`), { kind: 'key', object: 'GroupResources', newItem: true });
    assert.deepEqual(slot(`${H}  - level: None\n    resources:\n      - group: apps\n        |\n`), {
      kind: 'key',
      object: 'GroupResources',
      newItem: false,
    });
    assert.deepEqual(slot(`apiVersion: audit.k8s.io/v1\n|\n`), { kind: 'key', object: 'Policy', newItem: false });
    assert.deepEqual(slot(`${H}  - level: None\n    verbs: ["get", |]\n`), {
      kind: 'value',
      object: 'PolicyRule',
      field: 'verbs',
      inList: true,
    });
    assert.equal(slot(`${H}  - level: None # a comm|\n`), undefined, 'nothing inside comments');
    assert.equal(
      slot(`${H}  - level: None\n    resources:\n      - group: apps\n        resourceNames:\n          bad:\n            |\n`),
      undefined,
    );
  });

  it('finds the entry group in block entries, flow maps and below the cursor', () => {
    const group = (source: string) => {
      const { text, offset } = marked(source);
      return cursorContext(text, offset)?.group;
    };
    assert.equal(group(`${H}  - level: None\n    resources:\n      - group: apps\n        resources: [dep|\n`), 'apps');
    assert.equal(group(`${H}  - level: None\n    resources:\n      - resources: ["|"]\n        group: batch\n`), 'batch');
    assert.equal(group(`${H}  - level: None\n    resources:\n      - {group: "networking.k8s.io", resources: [|]}\n`), 'networking.k8s.io');
    assert.equal(group(`${H}  - level: None\n    resources:\n      - resources: [|]\n`), '', 'no group: the core group');
  });
});

describe('completion', () => {
  it('offers the keys a rule does not have yet, required first', () => {
    const items = completions(`${H}  - level: None\n    verbs: [get]\n    |\n`).items;
    const names = items.map((i) => i.label);
    assert.ok(!names.includes('level') && !names.includes('verbs'), names.join());
    assert.ok(names.includes('users') && names.includes('resources') && names.includes('omitStages'));
    const resources = items.find((i) => i.label === 'resources')!;
    assert.equal(resources.newText, 'resources:\n      - group: "$1"\n        resources: ["$2"]');
  });

  it('hides fields the chosen Kubernetes version does not know', () => {
    assert.ok(labels(`${H}  - level: None\n    |\n`, '1.22').every((l) => l !== 'omitManagedFields'));
    assert.ok(labels(`${H}  - level: None\n    |\n`, '1.23').includes('omitManagedFields'));
  });

  it('offers levels with their docs, and stages in omitStages', () => {
    const level = completions(`${H}  - level: Req|\n`).items;
    assert.deepEqual(
      level.map((i) => i.label),
      ['None', 'Metadata', 'Request', 'RequestResponse'],
    );
    assert.match(level[3]!.documentation!, /responseObject/);
    assert.deepEqual(level[3]!.span, { start: H.length + 11, end: H.length + 14 }, 'replaces the typed word');
    assert.deepEqual(labels(`omitStages:\n  - |\n${H.slice(0, -7)}rules:\n  - level: None\n`).slice(0, 4), [
      'RequestReceived',
      'ResponseStarted',
      'ResponseComplete',
      'Panic',
    ]);
  });

  it('under group apps offers deployments, its subresources and the wildcard forms', () => {
    const names = labels(`${H}  - level: None\n    resources:\n      - group: apps\n        resources: [|]\n`);
    for (const expected of ['deployments', 'deployments/scale', 'deployments/status', 'deployments/*', '*', '*/scale']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join()}`);
    }
    assert.ok(!names.includes('pods'), 'pods is not in apps');
  });

  it('quotes what YAML would misread, and keeps a typed quote', () => {
    const items = completions(`${H}  - level: None\n    resources:\n      - group: apps\n        resources: [|]\n`).items;
    assert.equal(items.find((i) => i.label === '*')!.newText, '"*"');
    assert.equal(items.find((i) => i.label === 'deployments')!.newText, 'deployments');
    const quoted = completions(`${H}  - level: None\n    resources:\n      - group: ""\n        resources: ["se|crets"]\n`);
    const secrets = quoted.items.find((i) => i.label === 'secrets')!;
    assert.equal(secrets.newText, '"secrets"');
    assert.equal(quoted.text.slice(secrets.span.start, secrets.span.end), '"secrets"', 'mid-word: the whole word is replaced');
    const group = completions(`${H}  - level: None\n    resources:\n      - group: |\n`).items.find((i) => i.label === '"" (core)')!;
    assert.equal(group.newText, '""');
  });

  it('does not offer values already in the list', () => {
    const names = labels(`${H}  - level: None\n    verbs: ["get", "list", |]\n`);
    assert.ok(!names.includes('get') && !names.includes('list') && names.includes('watch'));
    const block = labels(`${H}  - level: None\n    verbs:\n      - get\n      - |\n      - watch\n`);
    assert.ok(!block.includes('get') && !block.includes('watch') && block.includes('list'));
  });

  it('offers well-known users, groups, namespaces and URLs, templates as snippets', () => {
    const users = completions(`${H}  - level: None\n    users: [|]\n`).items;
    const node = users.find((i) => i.label === 'system:node:<nodeName>')!;
    assert.equal(node.snippet, true);
    assert.equal(node.newText, '"system:node:${1:nodeName}"');
    assert.ok(labels(`${H}  - level: None\n    userGroups: [|]\n`).includes('system:nodes'));
    assert.ok(labels(`${H}  - level: None\n    namespaces: [|]\n`).includes('""'));
    assert.ok(labels(`${H}  - level: None\n    nonResourceURLs:\n      - |\n`).includes('/healthz*') === false);
    assert.ok(labels(`${H}  - level: None\n    nonResourceURLs:\n      - |\n`).includes('/healthz'));
  });

  it('a list field written without brackets gets a flow list', () => {
    const item = completions(`${H}  - level: None\n    verbs: |\n`).items.find((i) => i.label === 'watch')!;
    assert.equal(item.newText, '[watch]');
  });

  it('offers rule snippets for a new item and starter policies for a policy without rules', () => {
    const items = completions(`${H}  - level: None\n  - |\n`).items;
    assert.ok(items.some((i) => i.label === 'rule: secrets at Metadata' && i.kind === 'snippet'));
    const dashless = completions(`${H}  - level: None\n  |\n`).items.find((i) => i.label === 'level')!;
    assert.match(dashless.newText, /^- level: /, 'an empty line among the rules starts a new item');
    const starters = labels('apiVersion: audit.k8s.io/v1\nkind: Policy\n|\n');
    assert.ok(starters.includes('audit policy: CIS minimal'));
  });

  it('inserted snippets and starter policies are valid policies', () => {
    for (const item of completions('apiVersion: audit.k8s.io/v1\nkind: Policy\n|\n').items.filter((i) => i.kind === 'snippet')) {
      const { text } = marked('apiVersion: audit.k8s.io/v1\nkind: Policy\n|\n');
      const body = item.newText.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:?([^}]*)\}|\$\d/g, '$1');
      const result = analyze(applyEdits(text, [{ span: item.span, newText: body }]));
      const bad = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(bad, [], item.label);
    }
    const rule = completions(`${H}  - level: None\n    users: [a]\n  - |\n`);
    for (const item of rule.items.filter((i) => i.kind === 'snippet')) {
      const body = item.newText
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:?([^}]*)\}|\$\d/g, (_m, p: string) => p || 'pods');
      const result = analyze(applyEdits(rule.text, [{ span: item.span, newText: body }]));
      assert.deepEqual(
        result.findings.filter((f) => f.severity === 'error'),
        [],
        item.label,
      );
    }
  });

  it('works inside a policy embedded in a ConfigMap', () => {
    const source =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: audit\ndata:\n  policy.yaml: |\n    apiVersion: audit.k8s.io/v1\n    kind: Policy\n    rules:\n      - level: None\n        resources:\n          - group: apps\n            resources: [|]\n';
    const names = completions(source.replace('[|]', '[¦]'), undefined, '¦').items.map((i) => i.label);
    assert.ok(names.includes('deployments'), names.join());
  });

  it('in the middle of a real policy', () => {
    const example = readFileSync(join(__dirname, '../../../../examples/kubernetes-docs-example.yaml'), 'utf8');
    const anchor = example.indexOf('resources: ["pods"]');
    assert.ok(anchor > 0);
    const source = `${example.slice(0, anchor + 12)}|${example.slice(anchor + 12)}`;
    const names = labels(source);
    assert.ok(names.includes('pods/log') && names.includes('secrets'), names.slice(0, 10).join());
  });
});
