// Loads the evaluation tables in test/fixtures/eval/*.json: named requests and rules (as in
// Kubernetes' checker_test.go) and cases {request, rules|policy, expect}.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { policyFromPlain } from '../../server/src/policy/plain';
import type { PlainPolicy, PlainRule } from '../../server/src/policy/plain';
import type { Policy } from '../../server/src/policy/model';
import { parseRequest } from '../../server/src/policy/request';
import type { AuditRequest } from '../../server/src/policy/request';

/** The fixture folder, from out/test/support back to the source tree. */
export const EVAL_FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'eval');

export interface Expectation {
  rule: number | null;
  level: string;
  /** Default []: most policies have no omitStages. */
  omitStages?: string[];
  /** Default false. */
  omitManagedFields?: boolean;
  /** When given: the field of each trace step, in order. */
  trace?: string[];
}

interface RawCase {
  name?: string;
  request: string | Record<string, unknown>;
  rules?: string[];
  policy?: PlainPolicy;
  omitStages?: string[];
  omitManagedFields?: boolean;
  kubernetesVersion?: string;
  expect: Expectation;
}

interface RawFile {
  mirrors?: string;
  kubernetesVersion?: string;
  requests?: Record<string, string | Record<string, unknown>>;
  rules?: Record<string, PlainRule>;
  policy?: PlainPolicy;
  cases: RawCase[];
}

export interface EvalCase {
  /** `file: case name`, with the Kubernetes file it mirrors when there is one. */
  title: string;
  policy: Policy;
  request: AuditRequest;
  kubernetesVersion?: string;
  expect: Required<Omit<Expectation, 'trace'>> & { trace?: string[] };
}

/** Reads every fixture file and returns its cases, ready to evaluate. */
export function loadEvalCases(): EvalCase[] {
  const files = readdirSync(EVAL_FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.flatMap((file) => casesOf(file, JSON.parse(readFileSync(join(EVAL_FIXTURES, file), 'utf8')) as RawFile));
}

function casesOf(file: string, raw: RawFile): EvalCase[] {
  const prefix = raw.mirrors ? `${file} (mirrors ${raw.mirrors})` : file;
  return raw.cases.map((c, i) => {
    const title = `${prefix}: ${c.name ?? describe(c.request)} [#${i}]`;
    const kubernetesVersion = c.kubernetesVersion ?? raw.kubernetesVersion;
    const expect = { omitStages: [], omitManagedFields: false, ...c.expect };
    const evalCase: EvalCase = { title, policy: policyOf(file, raw, c), request: requestOf(file, raw, c.request), expect };
    if (kubernetesVersion !== undefined) evalCase.kubernetesVersion = kubernetesVersion;
    return evalCase;
  });
}

function describe(request: RawCase['request']): string {
  return typeof request === 'string' ? request : JSON.stringify(request);
}

function policyOf(file: string, raw: RawFile, c: RawCase): Policy {
  if (c.policy) return policyFromPlain(c.policy);
  if (c.rules) {
    const rules = c.rules.map((name) => {
      const rule = raw.rules?.[name];
      if (!rule) throw new Error(`${file}: unknown rule name "${name}"`);
      return rule;
    });
    return policyFromPlain({ rules, omitStages: c.omitStages ?? [], omitManagedFields: c.omitManagedFields ?? false });
  }
  if (raw.policy) return policyFromPlain(raw.policy);
  throw new Error(`${file}: case ${describe(c.request)} has neither policy nor rules, and the file has no policy`);
}

function requestOf(file: string, raw: RawFile, request: RawCase['request']): AuditRequest {
  const named = typeof request === 'string' ? raw.requests?.[request] : undefined;
  const source = named ?? request;
  const parsed = parseRequest(typeof source === 'string' ? source : JSON.stringify(source));
  if (!parsed.ok) throw new Error(`${file}: bad request ${describe(source)}: ${parsed.error.message}`);
  return parsed.request;
}
