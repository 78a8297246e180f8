// kube-apiserver parity: everything that makes it refuse the policy file, with its field paths
// (pkg/apis/audit/validation/validation.go, reader.go). Every finding here has severity `error`,
// except header facts that load fine but deserve a word (missing kind, deprecated version).
import { removeListItem } from './listEdits';
import { API_VERSION, FIELDS, LEVELS, REMOVED_API_VERSIONS, STAGES, isLevel, isStage } from './fields';
import type { ObjectKind } from './fields';
import type { GroupResources, KeyInfo, Policy, PolicyRule, Str } from './model';
import { lineIndent } from './text';
import type { Finding, Fix, Span } from './types';
import { SINCE, atLeast } from './version';

export interface ValidateOptions {
  kubernetesVersion?: string;
}

/** Returns the findings kube-apiserver's loader and ValidatePolicy would raise, in its order. */
export function validatePolicy(policy: Policy, text: string, options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [...validateHeader(policy, text, options), ...validateSince(policy, options)];
  findings.push(...policy.omitStages.flatMap((s, i) => validateStage(s, `omitStages[${i}]`, policy.omitStages, i, text)));
  policy.rules.forEach((rule) => findings.push(...validateRule(rule, text, options)));
  if (policy.rules.length === 0) {
    const at = policy.keys.rules;
    findings.push({
      code: 'no-rules',
      severity: 'error',
      message:
        'The policy has no rules: kube-apiserver refuses it ("loaded illegal policy with 0 rules"). Add at least a catch-all rule such as `- level: Metadata`.',
      span: at ? at.keySpan : headSpan(policy.span),
      path: 'rules',
    });
  }
  return findings;
}

function headSpan(span: Span): Span {
  return { start: span.start, end: span.start };
}

function validateHeader(policy: Policy, text: string, options: ValidateOptions): Finding[] {
  const findings: Finding[] = [];
  const apiKey = keyIgnoringCase(policy.keys, 'apiVersion');
  const kindKey = keyIgnoringCase(policy.keys, 'kind');
  if (!policy.apiVersion) {
    const indent = lineIndent(text, policy.span.start);
    findings.push({
      code: 'missing-api-version',
      severity: 'error',
      message: `apiVersion is missing: kube-apiserver refuses the file ("unknown group version field audit.k8s.io/__internal"). Write \`apiVersion: ${API_VERSION}\`.`,
      span: apiKey?.keySpan ?? kindKey?.keySpan ?? headSpan(policy.span),
      path: 'apiVersion',
      fixes: [
        {
          title: `Add apiVersion: ${API_VERSION}`,
          edits: [{ span: headSpan(policy.span), newText: `apiVersion: ${API_VERSION}\n${indent}` }],
          preferred: true,
        },
      ],
    });
  } else if (policy.apiVersion !== API_VERSION) {
    findings.push(...apiVersionFinding(policy.apiVersion, apiKey!.valueSpan, options));
  }
  if (!policy.kind) {
    findings.push({
      code: 'missing-kind',
      severity: 'info',
      message:
        'kind is missing: kube-apiserver still loads the file (it fills in Policy), but other tools will not recognise it. Write `kind: Policy`.',
      span: apiKey?.keySpan ?? headSpan(policy.span),
      path: 'kind',
    });
  } else if (policy.kind !== 'Policy') {
    findings.push({
      code: 'invalid-kind',
      severity: 'error',
      message: `kind \`${policy.kind}\` is not registered for ${API_VERSION}: kube-apiserver refuses the file. Write \`kind: Policy\` (exact case).`,
      span: kindKey!.valueSpan,
      path: 'kind',
      fixes: [replaceFix('Change kind to Policy', kindKey!.valueSpan, 'Policy')],
    });
  }
  return findings;
}

function apiVersionFinding(apiVersion: string, span: Span, options: ValidateOptions): Finding[] {
  const fix = replaceFix(`Change apiVersion to ${API_VERSION}`, span, API_VERSION);
  if ((REMOVED_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    if (atLeast(options.kubernetesVersion, SINCE.betaRemoved)) {
      return [
        {
          code: 'removed-api-version',
          severity: 'error',
          message: `${apiVersion} was removed in Kubernetes 1.24: kube-apiserver refuses the file (no kind "Policy" is registered for version "${apiVersion}"). Write \`${API_VERSION}\`.`,
          span,
          path: 'apiVersion',
          fixes: [fix],
        },
      ];
    }
    if (atLeast(options.kubernetesVersion, SINCE.betaDeprecated)) {
      return [
        {
          code: 'deprecated-api-version',
          severity: 'warning',
          message: `${apiVersion} is deprecated since Kubernetes 1.21 and refused from 1.24. Write \`${API_VERSION}\`.`,
          span,
          path: 'apiVersion',
          fixes: [fix],
          tags: ['deprecated'],
        },
      ];
    }
    return [];
  }
  return [
    {
      code: 'unsupported-api-version',
      severity: 'error',
      message: `\`${apiVersion}\` is not an audit policy version kube-apiserver knows: it refuses the file. Write \`${API_VERSION}\`.`,
      span,
      path: 'apiVersion',
      fixes: [fix],
    },
  ];
}

/** Fields used in a version older than the one that introduced them are dropped like unknown keys. */
function validateSince(policy: Policy, options: ValidateOptions): Finding[] {
  const findings: Finding[] = [];
  const check = (keys: Record<string, KeyInfo>, kind: ObjectKind, path: string) => {
    for (const spec of FIELDS[kind]) {
      const at = keys[spec.name];
      if (at && spec.since && !atLeast(options.kubernetesVersion, spec.since)) {
        findings.push({
          code: 'field-not-in-version',
          severity: 'warning',
          message: `\`${spec.name}\` exists only from Kubernetes ${spec.since}: kube-apiserver ${options.kubernetesVersion} drops it.`,
          span: at.keySpan,
          path: path + spec.name,
        });
      }
    }
  };
  check(policy.keys, 'Policy', '');
  policy.rules.forEach((rule) => check(rule.keys, 'PolicyRule', `rules[${rule.index}].`));
  return findings;
}

function validateRule(rule: PolicyRule, text: string, options: ValidateOptions): Finding[] {
  const path = `rules[${rule.index}]`;
  const findings: Finding[] = [...validateLevel(rule, text, path)];
  rule.nonResourceURLs.forEach((url, i) => findings.push(...validateNonResourceURL(url, `${path}.nonResourceURLs[${i}]`)));
  rule.resources.forEach((gr) => findings.push(...validateGroupResources(gr, path, options)));
  rule.omitStages.forEach((stage, i) => findings.push(...validateStage(stage, `${path}.omitStages[${i}]`, rule.omitStages, i, text)));
  if (rule.nonResourceURLs.length > 0 && (rule.resources.length > 0 || rule.namespaces.length > 0)) {
    const at = rule.keys.nonResourceURLs;
    findings.push({
      code: 'non-resource-urls-with-resources',
      severity: 'error',
      message: `A rule cannot match both resource and non-resource requests: nonResourceURLs may not be combined with ${rule.resources.length > 0 ? 'resources' : 'namespaces'} (even \`namespaces: [""]\`). kube-apiserver refuses the file. Split it into two rules.`,
      span: at ? at.keySpan : rule.span,
      path: `${path}.nonResourceURLs`,
    });
  }
  return findings;
}

function validateLevel(rule: PolicyRule, text: string, path: string): Finding[] {
  const at = rule.keys.level;
  if (rule.level === '') {
    const indent = lineIndent(text, rule.span.start);
    const fix: Fix = { title: 'Add level: Metadata', edits: [{ span: headSpan(rule.span), newText: `level: Metadata\n${indent}` }] };
    return [
      {
        code: 'missing-level',
        severity: 'error',
        message:
          'This rule has no level: kube-apiserver refuses the file (Required value). Add `level:` with None, Metadata, Request or RequestResponse.',
        span: at ? at.valueSpan : headSpan(rule.span),
        path: `${path}.level`,
        fixes: at ? [] : [fix],
      },
    ];
  }
  if (isLevel(rule.level)) return [];
  const stage = isStage(rule.level) ? ` \`${rule.level}\` is a stage (for omitStages), not a level.` : '';
  const guess = LEVELS.find((l) => l.toLowerCase() === rule.level.trim().toLowerCase());
  return [
    {
      code: 'invalid-level',
      severity: 'error',
      message: `\`${rule.level}\` is not a level: kube-apiserver refuses the file (Unsupported value).${stage} Levels are case-sensitive: ${LEVELS.join(', ')}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      span: at ? at.valueSpan : rule.span,
      path: `${path}.level`,
      fixes: guess && at ? [replaceFix(`Change to ${guess}`, at.valueSpan, guess)] : [],
    },
  ];
}

function validateStage(stage: Str, path: string, list: Str[], index: number, text: string): Finding[] {
  if (isStage(stage.value)) return [];
  // A level name here is a mix-up with `level`; removing it loads the file, as the user meant no stage.
  const removal = isLevel(stage.value) ? removeListItem(text, list, index) : undefined;
  const level = isLevel(stage.value) ? ` \`${stage.value}\` is a level, not a stage.` : '';
  const guess = STAGES.find((s) => s.toLowerCase() === stage.value.trim().toLowerCase());
  return [
    {
      code: 'invalid-stage',
      severity: 'error',
      message: `\`${stage.value}\` is not a stage: kube-apiserver refuses to start.${level} omitStages takes ${STAGES.join(', ')}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      span: stage.span,
      path,
      fixes: [
        ...(guess ? [replaceFix(`Change to ${guess}`, stage.span, guess)] : []),
        ...(removal ? [{ title: `Remove ${stage.value} from omitStages`, edits: [removal], preferred: true }] : []),
      ],
    },
  ];
}

function validateNonResourceURL(url: Str, path: string): Finding[] {
  const value = url.value;
  if (value === '*') return [];
  const findings: Finding[] = [];
  if (!value.startsWith('/')) {
    findings.push({
      code: 'invalid-non-resource-url',
      severity: 'error',
      message: `\`${value}\` must start with "/" (or be "*" alone): kube-apiserver refuses the file.`,
      span: url.span,
      path,
      fixes: value && !value.startsWith('*') ? [replaceFix(`Change to /${value}`, url.span, JSON.stringify(`/${value}`))] : [],
    });
  }
  const star = value.indexOf('*');
  if (star >= 0 && star < value.length - 1) {
    findings.push({
      code: 'invalid-non-resource-url',
      severity: 'error',
      message: `\`${value}\` has a "*" before its end: only a single trailing "*" is allowed (a prefix match). kube-apiserver refuses the file.`,
      span: url.span,
      path,
    });
  }
  return findings;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateGroupResources(gr: GroupResources, rulePath: string, options: ValidateOptions): Finding[] {
  const findings: Finding[] = [];
  // kube-apiserver's path carries no list index here; our span points at the exact entry.
  const path = `${rulePath}.resources.group`;
  const group = gr.group;
  const wildcardOk = group === '*' && atLeast(options.kubernetesVersion, SINCE.groupWildcard);
  if (group !== '' && !wildcardOk && !(group.length <= 253 && DNS1123_SUBDOMAIN.test(group))) {
    findings.push(invalidGroup(gr, path, options));
  }
  if (gr.resourceNames.length > 0 && gr.resources.length === 0) {
    const at = gr.keys.resourceNames;
    findings.push({
      code: 'resource-names-without-resources',
      severity: 'error',
      message:
        'resourceNames requires resources in the same entry: kube-apiserver refuses the file. Name the resources these objects belong to.',
      span: at ? at.keySpan : gr.span,
      path: `${rulePath}.resources.resourceNames`,
    });
  }
  return findings;
}

function invalidGroup(gr: GroupResources, path: string, options: ValidateOptions): Finding {
  const group = gr.group;
  const slash = group.indexOf('/');
  const base = { code: 'invalid-group', severity: 'error' as const, span: gr.groupSpan, path };
  if (group === '*') {
    return {
      ...base,
      message: `group "*" is accepted only from Kubernetes 1.36; kube-apiserver ${options.kubernetesVersion ?? ''} refuses the file. List the groups, or leave resources out to match every group.`,
    };
  }
  if (slash > 0) {
    const name = group.slice(0, slash);
    const fixed = name === 'v1' || /^v\d/.test(group) ? '' : name;
    return {
      ...base,
      message: `\`${group}\` is a group with a version: write the group alone (\`${fixed || '""'}\`); versions never appear in a policy. kube-apiserver refuses the file.`,
      fixes: [replaceFix(`Change to ${fixed ? fixed : 'the core group ""'}`, gr.groupSpan, JSON.stringify(fixed))],
    };
  }
  const lower = group.toLowerCase();
  const fixes = lower !== group && DNS1123_SUBDOMAIN.test(lower) ? [replaceFix(`Change to ${lower}`, gr.groupSpan, lower)] : [];
  return {
    ...base,
    message: `\`${group}\` is not a valid API group name (lower-case DNS subdomain, or "" for the core group): kube-apiserver refuses the file.`,
    fixes,
  };
}

function replaceFix(title: string, span: Span, newText: string): Fix {
  return { title, edits: [{ span, newText }], preferred: true };
}

function keyIgnoringCase(keys: Record<string, KeyInfo>, name: string): KeyInfo | undefined {
  return keys[name] ?? Object.entries(keys).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}
