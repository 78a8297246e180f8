// Kubernetes versions as "MAJOR.MINOR" strings, and the behaviour changes of the audit policy
// loader that depend on them (audit-semantics.md, section 2).

/** The newest Kubernetes minor whose audit behaviour this engine follows (1.36 code, 1.37 identical). */
export const NEWEST_KUBERNETES_VERSION = '1.37';

export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** Parses "1.36", "v1.36.2" or "1.36.0-rc.1"; undefined when the text is not a version. */
export function parseKubernetesVersion(text: string | undefined): KubernetesVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec((text ?? '').trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** True when `version` (default: the newest) is at least `since` ("1.23"). */
export function atLeast(version: string | undefined, since: string): boolean {
  const v = parseKubernetesVersion(version ?? NEWEST_KUBERNETES_VERSION) ?? parseKubernetesVersion(NEWEST_KUBERNETES_VERSION)!;
  const s = parseKubernetesVersion(since)!;
  return v.major !== s.major ? v.major > s.major : v.minor >= s.minor;
}

/** Behaviour switches, each with the first release that has it. */
export const SINCE = {
  /** `group: "*"` matches every API group (before: a validation error). */
  groupWildcard: '1.36',
  /** audit.k8s.io/v1alpha1 and v1beta1 policy files are refused. */
  betaRemoved: '1.24',
  /** audit.k8s.io/v1alpha1 and v1beta1 are deprecated (still load). */
  betaDeprecated: '1.21',
  /** Unknown and duplicated keys are detected (strict decoding, then a lenient retry). */
  strictDecoding: '1.26',
  /** `omitManagedFields` exists (policy and rule level). */
  omitManagedFields: '1.23',
} as const;
