// Tests about loading, validation and reachability compare whole finding lists; the advice layers
// (API catalogue checks, consequence lints) are tested on their own and left out here.
import { CATALOG_CODES } from '../../server/src/policy/catalogChecks';
import { LINT_CODES } from '../../server/src/policy/lints';
import type { Finding } from '../../server/src/policy/types';

const ADVICE = new Set<string>([...CATALOG_CODES, ...LINT_CODES]);

export function withoutAdvice<T extends Pick<Finding, 'code'>>(findings: readonly T[]): T[] {
  return findings.filter((f) => !ADVICE.has(f.code));
}
