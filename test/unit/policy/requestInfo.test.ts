import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldSelector, requestAttributesFromPath } from '../../../server/src/policy/requestInfo';

// [method, url, verb, apiGroup, apiVersion, namespace, resource, subresource, name]
type Row = [string, string, string, string, string, string, string, string, string];

void describe('requestAttributesFromPath mirrors requestinfo_test.go TestGetAPIRequestInfo', () => {
  const rows: Row[] = [
    // resource paths
    ['GET', '/api/v1/namespaces', 'list', '', 'v1', '', 'namespaces', '', ''],
    ['GET', '/api/v1/namespaces/other', 'get', '', 'v1', 'other', 'namespaces', '', 'other'],
    ['GET', '/api/v1/namespaces/other/pods', 'list', '', 'v1', 'other', 'pods', '', ''],
    ['GET', '/api/v1/namespaces/other/pods/foo', 'get', '', 'v1', 'other', 'pods', '', 'foo'],
    ['HEAD', '/api/v1/namespaces/other/pods/foo', 'get', '', 'v1', 'other', 'pods', '', 'foo'],
    ['GET', '/api/v1/pods', 'list', '', 'v1', '', 'pods', '', ''],
    ['HEAD', '/api/v1/pods', 'list', '', 'v1', '', 'pods', '', ''],
    // The code sets the namespace of a Namespace addressed by name to its own name (see the
    // GET row above); the Kubernetes table row for this PATCH says "" in one stored version.
    ['PATCH', '/api/v1/namespaces/new-namespace', 'patch', '', 'v1', 'new-namespace', 'namespaces', '', 'new-namespace'],
    // special verbs
    ['GET', '/api/v1/proxy/namespaces/other/pods/foo', 'proxy', '', 'v1', 'other', 'pods', '', 'foo'],
    ['GET', '/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource', 'proxy', '', 'v1', 'other', 'pods', '', 'foo'],
    ['GET', '/api/v1/watch/pods', 'watch', '', 'v1', '', 'pods', '', ''],
    ['GET', '/api/v1/pods?watch=true', 'watch', '', 'v1', '', 'pods', '', ''],
    ['GET', '/api/v1/pods?watch=false', 'list', '', 'v1', '', 'pods', '', ''],
    ['GET', '/api/v1/watch/namespaces/other/pods', 'watch', '', 'v1', 'other', 'pods', '', ''],
    ['GET', '/api/v1/namespaces/other/pods?watch=1', 'watch', '', 'v1', 'other', 'pods', '', ''],
    ['GET', '/api/v1/namespaces/other/pods?watch=0', 'list', '', 'v1', 'other', 'pods', '', ''],
    // subresource identification
    ['GET', '/api/v1/namespaces/other/pods/foo/status', 'get', '', 'v1', 'other', 'pods', 'status', 'foo'],
    ['GET', '/api/v1/namespaces/other/pods/foo/proxy/subpath', 'get', '', 'v1', 'other', 'pods', 'proxy', 'foo'],
    ['PUT', '/api/v1/namespaces/other/finalize', 'update', '', 'v1', 'other', 'namespaces', 'finalize', 'other'],
    ['PUT', '/api/v1/namespaces/other/status', 'update', '', 'v1', 'other', 'namespaces', 'status', 'other'],
    // verb identification
    ['PATCH', '/api/v1/namespaces/other/pods/foo', 'patch', '', 'v1', 'other', 'pods', '', 'foo'],
    ['DELETE', '/api/v1/namespaces/other/pods/foo', 'delete', '', 'v1', 'other', 'pods', '', 'foo'],
    ['POST', '/api/v1/namespaces/other/pods', 'create', '', 'v1', 'other', 'pods', '', ''],
    // deletecollection verb identification
    ['DELETE', '/api/v1/nodes', 'deletecollection', '', 'v1', '', 'nodes', '', ''],
    ['DELETE', '/api/v1/namespaces', 'deletecollection', '', 'v1', '', 'namespaces', '', ''],
    ['DELETE', '/api/v1/namespaces/other/pods', 'deletecollection', '', 'v1', 'other', 'pods', '', ''],
    ['DELETE', '/apis/extensions/v1/namespaces/other/pods', 'deletecollection', 'extensions', 'v1', 'other', 'pods', '', ''],
    // api group and version identification
    ['POST', '/apis/extensions/v1/namespaces/other/pods', 'create', 'extensions', 'v1', 'other', 'pods', '', ''],
    ['POST', '/apis/extensions/v1beta3/namespaces/other/pods', 'create', 'extensions', 'v1beta3', 'other', 'pods', '', ''],
    // beyond the Kubernetes table: audit-semantics.md section 5
    ['GET', '/api/v1/namespaces/ns/pods?watch=yes', 'watch', '', 'v1', 'ns', 'pods', '', ''],
    ['GET', '/api/v1/pods?watch=', 'watch', '', 'v1', '', 'pods', '', ''],
    ['GET', '/api/v1/pods?watch=FALSE', 'list', '', 'v1', '', 'pods', '', ''],
    ['GET', '/api/v1/namespaces/default/pods/web/exec?command=ls', 'get', '', 'v1', 'default', 'pods', 'exec', 'web'],
    ['POST', '/api/v1/namespaces/default/pods/web/binding', 'create', '', 'v1', 'default', 'pods', 'binding', 'web'],
    ['POST', '/api/v1/namespaces/default/serviceaccounts/sa/token', 'create', '', 'v1', 'default', 'serviceaccounts', 'token', 'sa'],
    [
      'PUT',
      '/apis/certificates.k8s.io/v1/certificatesigningrequests/csr/approval',
      'update',
      'certificates.k8s.io',
      'v1',
      '',
      'certificatesigningrequests',
      'approval',
      'csr',
    ],
    ['GET', '/api/v1/nodes/n1/proxy/metrics/cadvisor', 'get', '', 'v1', '', 'nodes', 'proxy', 'n1'],
    ['OPTIONS', '/api/v1/pods', '', '', 'v1', '', 'pods', '', ''],
    ['get', '/api/v1/pods/x', '', '', 'v1', '', 'pods', '', 'x'],
    ['DELETE', '/api/v1/watch/pods', 'watch', '', 'v1', '', 'pods', '', ''],
    // Go decodes the path before splitting it: a%2Fb becomes two segments.
    ['GET', '/api/v1/namespaces/a%2Fb/pods', 'get', '', 'v1', 'a', 'b', '', 'pods'],
    // Empty segments are kept: the version is "" and v1 becomes the resource.
    ['GET', '//api//v1/pods/', 'get', '', '', '', 'v1', '', 'pods'],
  ];
  for (const [method, url, verb, apiGroup, apiVersion, namespace, resource, subresource, name] of rows) {
    void it(`${method} ${url}`, () => {
      const info = requestAttributesFromPath(method, url);
      assert.deepEqual(
        {
          isResourceRequest: info.isResourceRequest,
          verb: info.verb,
          apiGroup: info.apiGroup,
          apiVersion: info.apiVersion,
          namespace: info.namespace,
          resource: info.resource,
          subresource: info.subresource,
          name: info.name,
        },
        { isResourceRequest: true, verb, apiGroup, apiVersion, namespace, resource, subresource, name },
      );
      assert.equal(info.path, decodeURIComponent(url.split('?')[0]!));
    });
  }
});

void describe('requestAttributesFromPath mirrors requestinfo_test.go non-resource cases', () => {
  const nonResource: [string, string, string][] = [
    ['GET', '/', 'get'],
    ['GET', '/api/version/', 'get'],
    ['GET', '/apis/group/version/', 'get'],
    ['GET', '/badprefix/version/resource', 'get'],
    ['GET', '/apis/version/resource', 'get'],
    ['GET', '/apis/extensions/v1beta1', 'get'],
    ['GET', '/apis/extensions/v1beta1/', 'get'],
    ['GET', '/api/version', 'get'],
    ['GET', '/api', 'get'],
    ['GET', '', 'get'],
    ['HEAD', '/healthz', 'head'],
    ['POST', '/metrics', 'post'],
    ['OPTIONS', '/openapi/v2', 'options'],
    ['PUT', '/version', 'put'],
  ];
  for (const [method, url, verb] of nonResource) {
    void it(`${method} ${JSON.stringify(url)} is non-resource with verb ${verb}`, () => {
      const info = requestAttributesFromPath(method, url);
      assert.equal(info.isResourceRequest, false);
      assert.equal(info.verb, verb);
      assert.equal(info.path, url);
      assert.deepEqual([info.apiGroup, info.resource, info.namespace, info.name], ['', '', '', '']);
    });
  }
  const resource: string[] = [
    '/api/version/resource',
    '/apis/group/version/resource/name/subresource',
    '/api/version/resource/name/subresource',
    '/apis/batch/v1/job',
    '/apis/batch/v1/job/foo',
    '/apis/batch/v1/job/foo/scale',
  ];
  for (const url of resource) {
    void it(`GET ${url} is a resource request (TestGetNonAPIRequestInfo)`, () =>
      assert.equal(requestAttributesFromPath('GET', url).isResourceRequest, true));
  }
  void it('a legacy special verb without a resource stops early, as Go does (it answers 500)', () => {
    const info = requestAttributesFromPath('GET', '/api/v1/watch');
    assert.deepEqual([info.isResourceRequest, info.verb, info.apiVersion, info.resource], [true, 'get', 'v1', '']);
  });
});

void describe('requestAttributesFromPath mirrors requestinfo_test.go TestFieldSelectorParsing', () => {
  const rows: [string, string, string, string][] = [
    ['no selector', '/apis/group/version/resource', '', 'list'],
    ['metadata.name selector', '/apis/group/version/resource?fieldSelector=metadata.name=name1', 'name1', 'list'],
    ['metadata.name selector with watch', '/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1', 'name1', 'watch'],
    ['random selector', '/apis/group/version/resource?fieldSelector=foo=bar', '', 'list'],
    ['invalid selector with metadata.name', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo', '', 'list'],
    [
      'invalid selector with metadata.name with watch',
      '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true',
      '',
      'watch',
    ],
    [
      'invalid selector with metadata.name with watch false',
      '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false',
      '',
      'list',
    ],
    ['double equals', '/apis/group/version/resource?fieldSelector=metadata.name%3D%3Dname1', 'name1', 'list'],
    ['not-equals does not pin', '/apis/group/version/resource?fieldSelector=metadata.name!%3Dname1', '', 'list'],
    ['among other terms', '/apis/group/version/resource?fieldSelector=spec.nodeName%3Dn1,metadata.name%3Dname1', 'name1', 'list'],
    ['escaped comma in the value', '/apis/group/version/resource?fieldSelector=metadata.name%3Da%5C,b', 'a,b', 'list'],
    ['bad escape: not decoded', '/apis/group/version/resource?fieldSelector=metadata.name%3Da%5Cb', '', 'list'],
    ['a name with a slash is not a valid path segment', '/apis/group/version/resource?fieldSelector=metadata.name%3Da/b', '', 'list'],
    ['dot-dot is not a valid name', '/apis/group/version/resource?fieldSelector=metadata.name%3D..', '', 'list'],
    [
      'a non-integer limit fails ListOptions decoding',
      '/apis/group/version/resource?limit=ten&fieldSelector=metadata.name%3Dname1',
      '',
      'list',
    ],
    ['an integer limit is fine', '/apis/group/version/resource?limit=10&fieldSelector=metadata.name%3Dname1', 'name1', 'list'],
    [
      'a bad timeoutSeconds keeps the watch',
      '/apis/group/version/resource?watch=1&timeoutSeconds=x&fieldSelector=metadata.name%3Dname1',
      '',
      'watch',
    ],
    ['only name-less gets consult the selector', '/apis/group/version/resource/other?fieldSelector=metadata.name%3Dname1', 'other', 'get'],
  ];
  for (const [title, url, name, verb] of rows) {
    void it(title, () => {
      const info = requestAttributesFromPath('GET', url);
      assert.deepEqual([info.name, info.verb], [name, verb]);
    });
  }
  void it('parseFieldSelector reports the first exact term in sorted order', () => {
    assert.equal(parseFieldSelector('metadata.name=b,metadata.name=a')?.get('metadata.name'), 'a');
    assert.equal(parseFieldSelector('x'), undefined);
    assert.deepEqual([...parseFieldSelector('')!.entries()], []);
  });
});
