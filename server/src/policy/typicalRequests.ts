// Requests operators ask about again and again, offered by the simulator as starting points.
// Written in the shorthand (request.ts) so users learn it by example.

export interface TypicalRequest {
  label: string;
  shorthand: string;
}

export const TYPICAL_REQUESTS: readonly TypicalRequest[] = [
  {
    label: 'kubelet updates its node status',
    shorthand: 'system:node:worker-1@system:nodes,system:authenticated patch nodes/worker-1/status',
  },
  { label: 'kube-proxy watches endpoints', shorthand: 'system:kube-proxy@system:authenticated watch endpoints' },
  { label: 'a kubectl user creates a pod', shorthand: 'alice@system:authenticated create pods -n default' },
  { label: 'exec into a pod', shorthand: 'alice@system:authenticated create pods/web/exec -n default' },
  { label: 'reading a secret', shorthand: 'alice@system:authenticated get secrets/db-password -n default' },
  { label: 'updating a secret', shorthand: 'alice@system:authenticated update secrets/db-password -n default' },
  { label: 'scaling a deployment', shorthand: 'alice@system:authenticated patch deployments.apps/web/scale -n default' },
  { label: 'binding a cluster role', shorthand: 'alice@system:authenticated create clusterrolebindings.rbac.authorization.k8s.io' },
  {
    label: 'a controller renews its lease',
    shorthand:
      'system:kube-controller-manager@system:authenticated update leases.coordination.k8s.io/kube-controller-manager -n kube-system',
  },
  { label: '/healthz by an anonymous user', shorthand: 'system:anonymous@system:unauthenticated get /healthz' },
];
