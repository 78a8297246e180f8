// Reachability against ground truth: random small policies over a vocabulary in which every class
// of the analysis has a representative (each mentioned value plus an unmentioned one, both URL
// kinds, several groups at once), and EVERY request over that vocabulary evaluated by evaluate.ts.
// Both directions are checked: a rule (or entry) is declared dead exactly when no request reaches
// it, and every declared cover really takes all the requests of what it covers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstMatchingRule, ruleMatches } from '../../../server/src/policy/evaluate';
import type { GroupResources, Policy, PolicyRule, Str } from '../../../server/src/policy/model';
import { policyFromPlain } from '../../../server/src/policy/plain';
import type { PlainRule } from '../../../server/src/policy/plain';
import { analyzeReachability } from '../../../server/src/policy/reach';
import type { DeadEntry } from '../../../server/src/policy/reach';
import { nonResourceRequest } from '../../../server/src/policy/request';
import type { AuditRequest } from '../../../server/src/policy/request';

const USERS = ['a', 'b'];
const GROUPS = ['g1', 'g2'];
const VERBS = ['get', 'list', '*'];
const NAMESPACES = ['', 'ns'];
const API_GROUPS = ['', 'apps', '*'];
const RESOURCES = ['pods', 'pods/log', 'pods/*', '*', '*/log', '*/*', 'deployments'];
const NAMES = ['x', ''];
const URLS = ['/healthz', '/healthz*', '/api*', '*', '/api'];
// Requests: the mentioned values plus one unmentioned value per dimension.
const PATHS = ['/healthz', '/healthzfoo', '/api', '/apis', '/other'];

function allRequests(): AuditRequest[] {
  const out: AuditRequest[] = [];
  const principals: [string | undefined, string[]][] = [[undefined, []]];
  for (const user of [...USERS, 'other']) for (const groups of [[], ['g1'], ['g2'], ['g1', 'g2'], ['g3']]) principals.push([user, groups]);
  for (const [user, groups] of principals) {
    for (const verb of [...VERBS, 'watch']) {
      for (const path of PATHS) out.push(nonResourceRequest(user, groups, verb, path));
      for (const namespace of [...NAMESPACES, 'other']) {
        for (const apiGroup of ['', 'apps', '*', 'other']) {
          for (const resource of ['pods', 'deployments', '*', 'other']) {
            for (const subresource of ['', 'log', '*', 'other']) {
              for (const name of [...NAMES, 'other']) {
                const request = {
                  groups,
                  verb,
                  isResourceRequest: true,
                  apiGroup,
                  apiVersion: 'v1',
                  resource,
                  subresource,
                  namespace,
                  name,
                  path: '/x',
                };
                out.push(user === undefined ? request : { user, ...request });
              }
            }
          }
        }
      }
    }
  }
  return out;
}

// Lists are often absent, so that broad rules shadow narrower ones as in real policies.
const sub = <T>(values: T[]) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant<T[]>([]) }, { weight: 3, arbitrary: fc.subarray(values, { minLength: 1, maxLength: 2 }) });
const ruleArb: fc.Arbitrary<PlainRule> = fc.oneof(
  fc.record({ level: fc.constant('None'), users: sub(USERS), userGroups: sub(GROUPS), verbs: sub(VERBS) }),
  fc.record({
    level: fc.constant('Metadata'),
    users: sub(USERS),
    userGroups: sub(GROUPS),
    verbs: sub(VERBS),
    namespaces: sub(NAMESPACES),
    resources: fc.array(fc.record({ group: fc.constantFrom(...API_GROUPS), resources: sub(RESOURCES), resourceNames: sub(NAMES) }), {
      maxLength: 2,
    }),
  }),
  fc.record({
    level: fc.constant('Request'),
    userGroups: sub(GROUPS),
    verbs: sub(VERBS),
    nonResourceURLs: fc.subarray(URLS, { minLength: 1, maxLength: 2 }),
  }),
);

const FIELDS = ['users', 'userGroups', 'verbs', 'namespaces', 'resources', 'nonResourceURLs'] as const;

/**
 * Policies where later rules are often an earlier rule with one field replaced (narrowed, widened
 * or changed): the near-duplicates through which rules and entries get shadowed in practice.
 */
const policyArb: fc.Arbitrary<PlainRule[]> = fc
  .tuple(
    fc.array(ruleArb, { minLength: 1, maxLength: 5 }),
    fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.constantFrom(...FIELDS)), { minLength: 5, maxLength: 5 }),
  )
  .map(([rules, mixes]) =>
    rules.map((rule, k) => {
      const [derive, from, field] = mixes[k]!;
      return k > 0 && derive ? { ...rules[from % k]!, [field]: rule[field] ?? [] } : rule;
    }),
  );

/** Gives every string of the policy its own span, so a dead entry tells which entry it is. */
function numberSpans(policy: Policy): Map<number, PolicyRule> {
  const narrowed = new Map<number, PolicyRule>();
  let next = 1;
  const mark = (list: Str[], narrow: (s: Str) => PolicyRule) =>
    list.forEach((s, i) => {
      list[i] = { value: s.value, span: { start: next, end: next + 1 } };
      narrowed.set(next++, narrow(list[i]!));
    });
  for (const rule of policy.rules) {
    for (const field of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'] as const) {
      mark(rule[field], (s) => ({ ...rule, [field]: [s] }));
    }
    rule.resources.forEach((gr, k) => {
      const only = (entry: GroupResources): PolicyRule => ({ ...rule, resources: [entry] });
      gr.groupSpan = { start: next, end: next + 1 };
      narrowed.set(next++, only(gr));
      mark(gr.resources, (s) => only({ ...rule.resources[k]!, resources: [s] }));
      mark(gr.resourceNames, (s) => only({ ...rule.resources[k]!, resourceNames: [s] }));
    });
  }
  return narrowed;
}

describe('reachability against every request of the vocabulary', () => {
  const requests = allRequests();
  it('declares dead exactly what no request reaches, and its covers cover', () => {
    fc.assert(
      fc.property(policyArb, fc.constantFrom('1.35', '1.36'), (rules, version) => {
        const policy = policyFromPlain({ rules });
        const narrowed = numberSpans(policy);
        const options = { kubernetesVersion: version };
        const result = analyzeReachability(policy, options);
        const decidedBy = requests.map((r) => firstMatchingRule(policy, r, options));
        for (const verdict of result.rules) {
          const rule = policy.rules[verdict.rule]!;
          const reached = requests.filter((_, k) => decidedBy[k] === verdict.rule);
          assert.equal(verdict.reachable, reached.length > 0, `rule ${verdict.rule + 1}`);
          if (!verdict.reachable) assertCovers(policy, rule, verdict.shadowedBy, requests, options);
          if (!verdict.reachable) continue;
          const dead = new Set(verdict.deadEntries.map((d) => d.span.start));
          const deadGroups = new Set(rule.resources.filter((gr) => dead.has(gr.groupSpan.start)).map((gr) => gr.index));
          for (const [start, only] of narrowed) {
            if (only.index !== verdict.rule || !isCheckedEntry(rule, only)) continue;
            // Inside a dead resources entry, its resources and names are not reported one by one.
            if (
              only.resources !== rule.resources &&
              only.resources[0] !== rule.resources[only.resources[0]!.index] &&
              deadGroups.has(only.resources[0]!.index)
            ) {
              continue;
            }
            const through = reached.some((r) => ruleMatches(only, r, options));
            const matchesAny = requests.some((r) => ruleMatches(only, r, options));
            // Entries that match no request at all are not "shadowed" (validation speaks about them).
            assert.equal(dead.has(start), !through && matchesAny, `entry at ${start} of rule ${verdict.rule + 1}`);
          }
          for (const d of verdict.deadEntries) assertCovers(policy, narrowed.get(d.span.start)!, d.shadowedBy, requests, options, d);
        }
      }),
      {
        numRuns: 200,
        // Shapes random generation reaches rarely: a pattern covering a plain resource, names.
        examples: [
          [
            [
              { level: 'None', resources: [{ group: '', resources: ['pods/*'] }] },
              { level: 'None', resources: [{ group: '', resources: ['pods', 'pods/log'] }] },
            ],
            '1.36',
          ],
          [
            [
              { level: 'None', resources: [{ group: '*', resources: ['*/log'] }] },
              { level: 'None', resources: [{ group: 'apps', resources: ['pods/log', 'deployments'] }] },
            ],
            '1.36',
          ],
          [
            [
              { level: 'None', resources: [{ group: '', resources: ['pods'], resourceNames: ['x'] }] },
              { level: 'None', resources: [{ group: '', resources: ['pods'], resourceNames: ['x', ''] }] },
            ],
            '1.35',
          ],
          [
            [
              { level: 'None', userGroups: ['g1'] },
              { level: 'None', userGroups: ['g2'], verbs: ['get'] },
              { level: 'None', userGroups: ['g1', 'g2'], verbs: ['get', 'list'] },
            ],
            '1.36',
          ],
        ],
      },
    );
  });
});

/** The entries the analysis checks: lists with more than one entry, and resources entries or their lists beside others. */
function isCheckedEntry(rule: PolicyRule, only: PolicyRule): boolean {
  for (const field of ['users', 'userGroups', 'verbs', 'namespaces'] as const) {
    if (only[field] !== rule[field]) return rule[field].length > 1;
  }
  if (only.nonResourceURLs !== rule.nonResourceURLs) {
    return rule.nonResourceURLs.length > 1 && rule.resources.length === 0 && rule.namespaces.length === 0;
  }
  const entry = only.resources[0]!;
  const original = rule.resources.find((gr) => gr.index === entry.index)!;
  if (entry === original) return rule.resources.length > 1;
  // Per-resource and per-name entries are checked when the resources entry itself is alive.
  if (entry.resources !== original.resources) return original.resources.length > 1;
  return original.resources.length > 0 && original.resourceNames.length > 1;
}

function assertCovers(policy: Policy, rule: PolicyRule, cover: number[], requests: AuditRequest[], options: object, entry?: DeadEntry) {
  for (const r of requests) {
    if (!ruleMatches(rule, r, options)) continue;
    assert.ok(
      cover.some((i) => ruleMatches(policy.rules[i]!, r, options)),
      `cover [${cover}] of rule ${rule.index + 1}${entry ? ` entry ${entry.field} ${entry.value}` : ''} misses ${JSON.stringify(r)}`,
    );
  }
}
