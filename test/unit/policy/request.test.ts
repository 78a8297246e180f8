import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatShorthand, parseRequest, parseShorthand, requestFromEvent, requestFromJSON } from '../../../server/src/policy/request';
import type { AuditRequest, RequestParseResult } from '../../../server/src/policy/request';

function ok(result: RequestParseResult): AuditRequest {
  if (!result.ok) throw new Error(`parse failed: ${result.error.message} at ${result.error.offset}`);
  return result.request;
}

function request(fields: Partial<AuditRequest>): AuditRequest {
  const base: AuditRequest = {
    groups: [],
    verb: '',
    isResourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path: '',
  };
  const { user, ...rest } = fields;
  return user === undefined ? { ...base, ...rest } : { user, ...base, ...rest };
}

void describe('requestFromJSON', () => {
  void it('takes explicit attributes as written', () => {
    const r = ok(
      requestFromJSON({
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'get',
        apiGroup: 'apps',
        apiVersion: 'v1',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'default',
        name: 'web',
        path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      }),
    );
    assert.deepEqual(
      r,
      request({
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'get',
        isResourceRequest: true,
        apiGroup: 'apps',
        apiVersion: 'v1',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'default',
        name: 'web',
        path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      }),
    );
  });
  void it('derives attributes from a path given alone', () => {
    assert.deepEqual(
      ok(requestFromJSON({ user: 'a', verb: 'get', path: '/api/v1/namespaces/default/pods/web' })),
      request({
        user: 'a',
        verb: 'get',
        isResourceRequest: true,
        apiVersion: 'v1',
        resource: 'pods',
        namespace: 'default',
        name: 'web',
        path: '/api/v1/namespaces/default/pods/web',
      }),
    );
    assert.deepEqual(
      ok(requestFromJSON({ verb: 'list', path: '/api/v1/configmaps?fieldSelector=metadata.name%3Dx' })),
      request({ verb: 'list', isResourceRequest: true, apiVersion: 'v1', resource: 'configmaps', name: 'x', path: '/api/v1/configmaps' }),
    );
    assert.deepEqual(ok(requestFromJSON({ verb: 'get', path: '/healthz' })), request({ verb: 'get', path: '/healthz' }));
  });
  void it('does not derive when any resource field is given', () => {
    assert.deepEqual(
      ok(requestFromJSON({ verb: 'get', namespace: 'x', path: '/api/v1/namespaces/default/pods/web' })),
      request({ verb: 'get', namespace: 'x', path: '/api/v1/namespaces/default/pods/web' }),
    );
  });
  void it('missing or null user is unauthenticated; "" is a user', () => {
    assert.equal('user' in ok(requestFromJSON({ verb: 'get' })), false);
    assert.equal('user' in ok(requestFromJSON({ verb: 'get', user: null })), false);
    assert.equal(ok(requestFromJSON({ verb: 'get', user: '' })).user, '');
  });
  void it('isResourceRequest overrides', () => {
    assert.equal(ok(requestFromJSON({ verb: 'get', resource: 'pods', isResourceRequest: false })).isResourceRequest, false);
    assert.equal(ok(requestFromJSON({ verb: 'get', isResourceRequest: true })).isResourceRequest, true);
  });
  const bad: [unknown, string][] = [
    [[], 'a request must be a JSON object, found a list'],
    ['get pods', 'a request must be a JSON object, found the string "get pods"'],
    [{ verb: 'get', user: 1 }, 'field "user" must be a string (or null for no user), found number 1'],
    [{ verb: 'get', groups: 'a' }, 'field "groups" must be a list of strings, found the string "a"'],
    [{ verb: 'get', groups: ['a', 2] }, 'groups[1] must be a string, found number 2'],
    [{ user: 'a' }, 'field "verb" is required (a string such as "get")'],
    [{ verb: ['get'] }, 'field "verb" must be a string, found a list'],
    [{ verb: 'get', namespace: null }, 'field "namespace" must be a string, found null'],
    [{ verb: 'get', name: {} }, 'field "name" must be a string, found an object'],
    [{ verb: 'get', isResourceRequest: 'yes' }, 'field "isResourceRequest" must be true or false, found the string "yes"'],
    [
      { verb: 'get', group: 'apps' },
      'unknown field "group" (a request has user, groups, verb, apiGroup, apiVersion, resource, subresource, namespace, name, path, isResourceRequest)',
    ],
    [
      { kind: 'Pod', verb: 'get' },
      'field "kind" is "Pod": only audit Events ("kind": "Event") and plain requests (no "kind") are accepted',
    ],
  ];
  for (const [input, message] of bad) {
    void it(`rejects ${JSON.stringify(input)}`, () => assert.deepEqual(requestFromJSON(input), { ok: false, error: { message } }));
  }
});

void describe('requestFromEvent', () => {
  const event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: 'x',
    stage: 'ResponseComplete',
    requestURI: '/apis/apps/v1/namespaces/default/deployments/web/scale?timeout=10s',
    verb: 'update',
    user: { username: 'alice', uid: '1', groups: ['system:authenticated'] },
    objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1', subresource: 'scale' },
  };
  void it('maps user, verb and the requestURI', () => {
    assert.deepEqual(
      ok(requestFromEvent(event)),
      request({
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'update',
        isResourceRequest: true,
        apiGroup: 'apps',
        apiVersion: 'v1',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'default',
        name: 'web',
        path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      }),
    );
  });
  void it('uses objectRef without requestURI', () => {
    const { requestURI: _unused, ...noUri } = event;
    void _unused;
    assert.deepEqual(
      ok(requestFromEvent(noUri)),
      request({
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'update',
        isResourceRequest: true,
        apiGroup: 'apps',
        apiVersion: 'v1',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'default',
        name: 'web',
      }),
    );
  });
  void it('an empty user object means no user', () => assert.equal('user' in ok(requestFromEvent({ ...event, user: {} })), false));
  void it('is reached through parseRequest', () => assert.deepEqual(ok(parseRequest(JSON.stringify(event))), ok(requestFromEvent(event))));
  const bad: [Record<string, unknown>, string][] = [
    [{ ...event, kind: 'Pod' }, 'field "kind" must be "Event", found "Pod"'],
    [{ ...event, user: 'alice' }, 'field "user" must be an object (UserInfo), found the string "alice"'],
    [{ ...event, user: { username: 5 } }, 'field "user.username" must be a string, found number 5'],
    [{ ...event, user: { username: 'a', groups: [1] } }, 'user.groups[0] must be a string, found number 1'],
    [{ ...event, verb: undefined }, 'field "verb" must be a string, found undefined undefined'],
    [{ ...event, requestURI: 3 }, 'field "requestURI" must be a string, found number 3'],
    [{ ...event, requestURI: undefined, objectRef: [] }, 'field "objectRef" must be an object, found a list'],
    [{ ...event, requestURI: undefined, objectRef: { name: 1 } }, 'field "objectRef.name" must be a string, found number 1'],
  ];
  for (const [input, message] of bad) {
    void it(`rejects: ${message}`, () => assert.deepEqual(requestFromEvent(input), { ok: false, error: { message } }));
  }
});

void describe('parseRequest: detection and JSON syntax errors with offsets', () => {
  void it('detects shorthand', () => assert.equal(ok(parseRequest('  alice get pods')).user, 'alice'));
  const syntax: [string, string, number][] = [
    ['{"user":"a",}', 'invalid JSON: expected a double-quoted field name, found "}"', 12],
    ['{"user":}', 'invalid JSON: expected a value (object, list, string, number, true, false or null), found "}"', 8],
    ['{"user" "a"}', 'invalid JSON: expected ":" after the field name, found "\\""', 8],
    ['{"user":"a"', 'invalid JSON: expected "," or "}", found the end of the text', 11],
    ['{"user":"a', 'invalid JSON: unterminated string (a closing " is missing)', 8],
    ['{"verb":"get"} x', 'invalid JSON: expected the end of the JSON text, found "x"', 15],
    ['{"groups":[1 2]}', 'invalid JSON: expected "," or "]", found "2"', 13],
    ['{"verb":"g\\x"}', 'invalid JSON: expected a valid escape sequence after "\\", found "\\\\"', 10],
  ];
  for (const [text, message, offset] of syntax) {
    void it(`reports ${text}`, () => assert.deepEqual(parseRequest(text), { ok: false, error: { message, offset } }));
  }
  void it('rejects empty input', () =>
    assert.deepEqual(parseRequest('  '), {
      ok: false,
      error: {
        message: 'empty request: expected a JSON request, an audit Event or a shorthand such as "alice get pods -n default"',
        offset: 0,
      },
    }));
});

void describe('parseShorthand', () => {
  const good: [string, Partial<AuditRequest>][] = [
    [
      'alice@system:authenticated get /api/v1/namespaces/default/pods/web',
      {
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'get',
        isResourceRequest: true,
        apiVersion: 'v1',
        resource: 'pods',
        namespace: 'default',
        name: 'web',
        path: '/api/v1/namespaces/default/pods/web',
      },
    ],
    [
      'system:anonymous@system:unauthenticated get /healthz',
      { user: 'system:anonymous', groups: ['system:unauthenticated'], verb: 'get', path: '/healthz' },
    ],
    [
      'system:kube-proxy@system:authenticated watch endpoints',
      { user: 'system:kube-proxy', groups: ['system:authenticated'], verb: 'watch', isResourceRequest: true, resource: 'endpoints' },
    ],
    [
      'alice get deployments.apps/web/scale -n default',
      {
        user: 'alice',
        verb: 'get',
        isResourceRequest: true,
        apiGroup: 'apps',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'default',
        name: 'web',
      },
    ],
    ['get pods/log', { verb: 'get', isResourceRequest: true, resource: 'pods', name: 'log' }],
    ['get pods//log', { verb: 'get', isResourceRequest: true, resource: 'pods', subresource: 'log' }],
    [
      'get leases.coordination.k8s.io/kube-scheduler --namespace kube-system --api-version v1',
      {
        verb: 'get',
        isResourceRequest: true,
        apiGroup: 'coordination.k8s.io',
        apiVersion: 'v1',
        resource: 'leases',
        name: 'kube-scheduler',
        namespace: 'kube-system',
      },
    ],
    ['- get /healthz', { verb: 'get', path: '/healthz' }],
    ['-@g get /healthz', { groups: ['g'], verb: 'get', path: '/healthz' }],
    [
      '"tim@k8s.io"@humans,developers list pods',
      { user: 'tim@k8s.io', groups: ['humans', 'developers'], verb: 'list', isResourceRequest: true, resource: 'pods' },
    ],
    ['"" get pods', { user: '', verb: 'get', isResourceRequest: true, resource: 'pods' }],
    ['"-" get pods', { user: '-', verb: 'get', isResourceRequest: true, resource: 'pods' }],
    ['GET /api/v1/pods?watch=1', { verb: 'watch', isResourceRequest: true, apiVersion: 'v1', resource: 'pods', path: '/api/v1/pods' }],
    ['HEAD /healthz', { verb: 'head', path: '/healthz' }],
    ['get /api/v1/pods', { verb: 'get', isResourceRequest: true, apiVersion: 'v1', resource: 'pods', path: '/api/v1/pods' }],
    ['get /api/v1/pods --non-resource', { verb: 'get', path: '/api/v1/pods' }],
    ['create pods --path /x', { verb: 'create', isResourceRequest: true, resource: 'pods', path: '/x' }],
    ['get "a b".g/"c d"/"e/f"', { verb: 'get', isResourceRequest: true, resource: 'a b', apiGroup: 'g', name: 'c d', subresource: 'e/f' }],
    ['  alice   get   pods  ', { user: 'alice', verb: 'get', isResourceRequest: true, resource: 'pods' }],
  ];
  for (const [text, fields] of good) void it(`parses ${text}`, () => assert.deepEqual(ok(parseShorthand(text)), request(fields)));

  const bad: [string, string, number][] = [
    [
      '',
      'expected a VERB and a TARGET: [USER[@GROUP,...]] VERB (/url/path | RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]) [-n NAMESPACE] [--api-version V] [--path P] [--non-resource]',
      0,
    ],
    [
      'get',
      'expected a TARGET (a /url/path or RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]) after the verb: [USER[@GROUP,...]] VERB (/url/path | RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]) [-n NAMESPACE] [--api-version V] [--path P] [--non-resource]',
      3,
    ],
    [
      'a b c d',
      'unexpected word "d": expected [USER[@GROUP,...]] VERB (/url/path | RESOURCE[.GROUP][/NAME[/SUBRESOURCE]]) [-n NAMESPACE] [--api-version V] [--path P] [--non-resource]',
      6,
    ],
    ['get pods -x', 'unknown option "-x" (options: -n/--namespace, --api-version, --path, --non-resource)', 9],
    ['get pods -n', 'option -n needs a value', 11],
    ['get pods -n a -n b', 'option -n is given twice', 14],
    ['get pods --non-resource --non-resource', 'option --non-resource is given twice', 24],
    ['get pods/', 'expected a name after "/"', 9],
    ['get pods/web/', 'expected a subresource after "/"', 13],
    ['get pods/web/log/x', 'unexpected "/" after the subresource: a target has at most RESOURCE/NAME/SUBRESOURCE', 16],
    ['get pods.', 'expected an API group after "." (the core group is written without ".GROUP")', 9],
    ['get .apps', 'expected a resource name (such as pods) or a /url/path', 4],
    ['@g get pods', 'expected a user name before "@" (write - for no user)', 0],
    ['alice@ get pods', 'expected a group name after "@"', 6],
    ['alice@a, get pods', 'expected a group name after ","', 8],
    ['alice "get pods', 'unterminated string: the closing " is missing', 6],
    ['alice ge"t" pods', `unexpected '"' inside the verb: quote the whole verb instead`, 8],
    ['alice "get"x pods', 'unexpected "x" after the quoted verb', 11],
    ['"alice"x get pods', 'unexpected "x" after the quoted user (expected "@" or a space)', 7],
    ['alice "\\q" pods', 'invalid string for the verb: Bad escaped character in JSON at position 2', 6],
  ];
  for (const [text, message, offset] of bad) {
    void it(`rejects ${JSON.stringify(text)} at ${offset}`, () =>
      assert.deepEqual(parseShorthand(text), { ok: false, error: { message, offset } }));
  }
});

void describe('formatShorthand', () => {
  const examples: [Partial<AuditRequest>, string][] = [
    [
      {
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'get',
        isResourceRequest: true,
        apiVersion: 'v1',
        resource: 'pods',
        namespace: 'default',
        name: 'web',
        path: '/api/v1/namespaces/default/pods/web',
      },
      'alice@system:authenticated get /api/v1/namespaces/default/pods/web',
    ],
    [{ verb: 'get', path: '/healthz' }, 'get /healthz'],
    [{ verb: 'get', path: '/api/v1/pods' }, 'get /api/v1/pods --non-resource'],
    [
      {
        user: 'tim@k8s.io',
        verb: 'get',
        isResourceRequest: true,
        apiGroup: 'apps',
        resource: 'deployments',
        name: 'web',
        subresource: 'scale',
        namespace: 'default',
      },
      '"tim@k8s.io" get deployments.apps/web/scale -n default',
    ],
    [{ verb: 'get', isResourceRequest: true, resource: 'pods', subresource: 'log' }, 'get pods//log'],
    [{ groups: ['g'], verb: 'GET', path: '/healthz' }, '-@g GET /healthz --non-resource'],
    [
      { verb: 'GET', isResourceRequest: true, apiVersion: 'v1', resource: 'pods', path: '/api/v1/pods' },
      'GET pods --api-version v1 --path /api/v1/pods',
    ],
    [{ verb: 'get', path: '/a b' }, 'get "" --path "/a b" --non-resource'],
    [
      { verb: 'list', isResourceRequest: true, apiVersion: 'v1', resource: 'configmaps', name: 'x', path: '/api/v1/configmaps' },
      'list configmaps/x --api-version v1 --path /api/v1/configmaps',
    ],
  ];
  for (const [fields, text] of examples) void it(`formats ${text}`, () => assert.equal(formatShorthand(request(fields)), text));

  const word = fc.oneof(
    fc.constantFrom(
      '',
      'alice',
      'system:authenticated',
      'tim@k8s.io',
      'pods',
      'apps',
      'a.b',
      'x/y',
      '-',
      '-n',
      '--path',
      '/healthz',
      '"',
      'a b',
      '@',
      ',',
      'GET',
      'v1',
      '*',
      '.',
    ),
    fc.string({ maxLength: 6 }),
  );
  const arbitrary = fc
    .record({
      user: fc.option(word, { nil: undefined }),
      groups: fc.array(word, { maxLength: 3 }),
      verb: word,
      isResourceRequest: fc.boolean(),
      apiGroup: word,
      apiVersion: word,
      resource: word,
      subresource: word,
      namespace: word,
      name: word,
      path: fc.oneof(
        word,
        fc.constantFrom(
          '/api/v1/namespaces/default/pods/web',
          '/apis/apps/v1/deployments',
          '/api/v1/namespaces/x',
          '/healthz',
          '/api/v1/pods?watch=1',
        ),
      ),
    })
    .map(({ user, ...rest }) => (user === undefined ? rest : { user, ...rest }));
  void it('round-trips every request: parseShorthand(formatShorthand(r)) equals r', () => {
    fc.assert(
      fc.property(arbitrary, (r: AuditRequest) => {
        const text = formatShorthand(r);
        assert.deepEqual(ok(parseShorthand(text)), ok(requestFromJSONish(r)), text);
      }),
      { numRuns: 5000 },
    );
  });
  void it('round-trips parsed shorthand: formatShorthand(parseShorthand(t)) parses to the same request', () => {
    for (const [text] of good()) {
      const r = ok(parseShorthand(text));
      assert.deepEqual(ok(parseShorthand(formatShorthand(r))), r);
    }
  });
});

/** The request normalised through the model's field order, for deepEqual. */
function requestFromJSONish(r: AuditRequest): RequestParseResult {
  return { ok: true, request: request(r) };
}

function good(): [string][] {
  return [
    ['alice@system:authenticated get /api/v1/namespaces/default/pods/web'],
    ['GET /api/v1/pods?watch=1'],
    ['get pods//log'],
    ['"tim@k8s.io"@a,b watch deployments.apps -n x'],
    ['- get /healthz --non-resource'],
  ];
}
