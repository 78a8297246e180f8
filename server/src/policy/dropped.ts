// Findings for keys kube-apiserver drops (unknown, misspelt, misplaced) or overrides (duplicates),
// each saying what the rule now matches because of it: the consequence is the whole point.
import type { Entry } from './decode';
import { FIELDS } from './fields';
import type { ObjectKind } from './fields';
import type { Finding, Fix } from './types';

const OWNER: Record<ObjectKind, string> = {
  Policy: 'the policy',
  PolicyRule: 'a rule',
  GroupResources: 'a resources entry',
};

/** Common misspellings that case-insensitive and edit-distance matching would not catch. */
const ALIASES: Partial<Record<ObjectKind, Record<string, string>>> = {
  PolicyRule: { groups: 'userGroups', usergroup: 'userGroups', user_groups: 'userGroups', urls: 'nonResourceURLs', stages: 'omitStages' },
  GroupResources: { apiGroup: 'group', apiGroups: 'group', groups: 'group', names: 'resourceNames' },
};

/** What losing a field does to the object that should have held it. */
const CONSEQUENCE: Record<string, string> = {
  'PolicyRule.users': 'this rule now matches every user',
  'PolicyRule.userGroups': 'this rule now matches users of every group',
  'PolicyRule.verbs': 'this rule now matches every verb',
  'PolicyRule.namespaces': 'this rule now matches every namespace',
  'PolicyRule.resources': 'this rule now matches every resource (and, without namespaces or nonResourceURLs, every non-resource URL too)',
  'PolicyRule.nonResourceURLs': 'this rule now matches every URL (and, without resources or namespaces, every resource request too)',
  'PolicyRule.omitStages': 'this rule omits no stage beyond the policy-level omitStages',
  'PolicyRule.omitManagedFields': "the policy's omitManagedFields applies to this rule",
  'PolicyRule.level': 'the rule has no level, which kube-apiserver refuses',
  'GroupResources.group': 'this entry now matches the core group ""',
  'GroupResources.resources': 'this entry now matches every resource of its group',
  'GroupResources.resourceNames': 'this entry now matches objects of every name',
  'Policy.rules': 'the policy has no rules, which kube-apiserver refuses',
  'Policy.omitStages': 'no stage is omitted policy-wide',
  'Policy.omitManagedFields': 'omitManagedFields stays false',
};

interface Intent {
  kind: ObjectKind;
  field: string;
  misplaced: boolean;
}

/** A finding for a key kube-apiserver drops; `present` lists the keys written beside it. */
export function droppedKeyFinding(entry: Entry, kind: ObjectKind, path: string, present: string[], outerPresent: string[] = []): Finding {
  const intent = guessIntent(entry.key, kind);
  const at = path ? `${path}.${entry.key}` : entry.key;
  const dropped = `kube-apiserver drops \`${entry.key}\``;
  if (!intent) {
    return {
      code: 'unknown-field',
      severity: 'warning',
      message: `\`${entry.key}\` is not a field of ${OWNER[kind]}: ${dropped} (strict decoding fails, the lenient retry ignores it).`,
      span: entry.keySpan,
      path: at,
    };
  }
  const holderHasIt = intent.misplaced ? holderPresent(intent, kind, present, outerPresent) : present.includes(intent.field);
  const effect = holderHasIt ? `the \`${intent.field}\` written elsewhere applies` : consequenceOf(intent);
  if (intent.misplaced) {
    return {
      code: 'misplaced-field',
      severity: 'warning',
      message: `\`${entry.key}\` belongs to ${OWNER[intent.kind]}, not to ${OWNER[kind]}: ${dropped} here, so ${effect}.`,
      span: entry.keySpan,
      path: at,
    };
  }
  const fixes: Fix[] = holderHasIt
    ? []
    : [
        {
          title: `Rename \`${entry.key}\` to \`${intent.field}\``,
          edits: [{ span: entry.keySpan, newText: intent.field }],
          preferred: true,
        },
      ];
  return {
    code: 'unknown-field',
    severity: 'warning',
    message: `\`${entry.key}\` is not a field of ${OWNER[kind]} (did you mean \`${intent.field}\`? field names are case-sensitive): ${dropped}, so ${effect}.`,
    span: entry.keySpan,
    path: at,
    fixes,
  };
}

/** A finding for a duplicated key: kube-apiserver keeps the last occurrence. */
export function duplicateKeyFinding(dropped: Entry, kept: Entry, kind: ObjectKind, path: string): Finding {
  const at = path ? `${path}.${dropped.key}` : dropped.key;
  return {
    code: 'duplicate-key',
    severity: 'warning',
    message: `\`${dropped.key}\` is written twice in ${OWNER[kind]}: kube-apiserver keeps the last one and ignores this one.`,
    span: dropped.keySpan,
    path: at,
    related: [{ span: kept.keySpan, message: `this \`${kept.key}\` is the one kube-apiserver uses` }],
    tags: ['unnecessary'],
  };
}

function consequenceOf(intent: Intent): string {
  return CONSEQUENCE[`${intent.kind}.${intent.field}`] ?? 'it has no effect';
}

function holderPresent(intent: Intent, kind: ObjectKind, present: string[], outerPresent: string[]): boolean {
  // A rule field inside a resources entry belongs to the enclosing rule (outerPresent).
  if (kind === 'GroupResources' && intent.kind === 'PolicyRule') return outerPresent.includes(intent.field);
  if (kind === 'PolicyRule' && intent.kind === 'Policy') return outerPresent.includes(intent.field);
  return present.includes(intent.field);
}

/** Guesses the field a dropped key was meant to be: same kind first (typo), then another kind (misplaced). */
function guessIntent(key: string, kind: ObjectKind): Intent | undefined {
  const own = FIELDS[kind].map((f) => f.name);
  const alias = ALIASES[kind]?.[key];
  if (alias) return { kind, field: alias, misplaced: false };
  const typo = closest(key, own);
  if (typo) return { kind, field: typo, misplaced: false };
  for (const other of ['PolicyRule', 'GroupResources', 'Policy'] as ObjectKind[]) {
    if (other === kind) continue;
    if (FIELDS[other].some((f) => f.name === key) && !(other === 'Policy' && ['apiVersion', 'kind', 'metadata'].includes(key))) {
      return { kind: other, field: key, misplaced: true };
    }
  }
  return undefined;
}

/** The candidate equal ignoring case, or within a small edit distance (singular/plural, one typo). */
function closest(key: string, candidates: string[]): string | undefined {
  const lower = key.toLowerCase();
  const exactish = candidates.find((c) => c.toLowerCase() === lower);
  if (exactish) return exactish;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance && d <= Math.max(1, Math.floor(c.length / 4))) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
