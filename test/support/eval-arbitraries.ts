// fast-check generators for requests and rules over small vocabularies, so that generated rules
// and requests match each other often enough to exercise every branch of the checker.
import fc from 'fast-check';
import type { PlainGroupResources, PlainRule } from '../../server/src/policy/plain';
import type { AuditRequest } from '../../server/src/policy/request';

const USERS = ['alice', 'system:kube-proxy', '*', ''];
const GROUPS = ['system:authenticated', 'system:masters', 'devs', '*'];
const VERBS = ['get', 'list', 'watch', 'create', 'delete', '*', 'GET', 'head'];
const NAMESPACES = ['', 'default', 'kube-system', '*'];
const API_GROUPS = ['', 'apps', 'coordination.k8s.io', '*'];
const RESOURCES = ['pods', 'deployments', 'leases', '*', ''];
const SUBRESOURCES = ['', '', 'log', 'status', '*'];
const NAMES = ['', 'web', 'kube-scheduler'];
const PATHS = ['/healthz', '/healthz/etcd', '/metrics', '/api', '/apis/apps/v1', '/version/', ''];
const URL_PATTERNS = ['*', '/healthz', '/healthz*', '/metrics', '/api*', '/*', '/version'];
const RESOURCE_PATTERNS = ['pods', 'pods/log', 'pods/*', '*', '*/log', '*/status', '*/*', 'deployments', 'leases', 'leases/status'];

const pick = (values: string[]) => fc.constantFrom(...values);
const some = (values: string[]) => fc.uniqueArray(pick(values), { maxLength: 3 });

/** Any request over the vocabularies, resource or not, with or without a user. */
export function arbitraryRequest(): fc.Arbitrary<AuditRequest> {
  return fc
    .record({
      user: fc.option(pick(USERS), { nil: undefined }),
      groups: some(GROUPS),
      verb: pick(VERBS),
      isResourceRequest: fc.boolean(),
      apiGroup: pick(API_GROUPS),
      apiVersion: pick(['', 'v1']),
      resource: pick(RESOURCES),
      subresource: pick(SUBRESOURCES),
      namespace: pick(NAMESPACES),
      name: pick(NAMES),
      path: pick(PATHS),
    })
    .map((r) => {
      const { user, ...rest } = r;
      return user === undefined ? rest : { user, ...rest };
    });
}

function arbitraryGroupResources(): fc.Arbitrary<PlainGroupResources> {
  return fc.record(
    { group: pick(API_GROUPS), resources: some(RESOURCE_PATTERNS), resourceNames: some(NAMES) },
    { requiredKeys: ['group'] },
  );
}

/** Any rule over the vocabularies (including combinations validation would refuse). */
export function arbitraryRule(): fc.Arbitrary<PlainRule> {
  return fc.record(
    {
      level: pick(['None', 'Metadata', 'Request', 'RequestResponse']),
      users: some(USERS),
      userGroups: some(GROUPS),
      verbs: some(VERBS),
      namespaces: some(NAMESPACES),
      nonResourceURLs: some(URL_PATTERNS),
      resources: fc.array(arbitraryGroupResources(), { maxLength: 3 }),
      omitStages: some(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']),
      omitManagedFields: fc.boolean(),
    },
    { requiredKeys: ['level'] },
  );
}
