// Custom LSP methods of the audit-policy server: names and payload types only, no runtime
// dependency, so the client imports this file without pulling in the server library.

/** Command ids shared by the server (CodeLens, code actions) and the client (handlers). */
export const CommandIds = {
  /** User command: run a request against the policy in the active editor. */
  simulate: 'auditPolicy.simulate',
  /** Sent by a rule's CodeLens with its witness request (or why it is dead). */
  testRule: 'auditPolicy.testRule',
  testRequestsFromFile: 'auditPolicy.testRequestsFromFile',
  replayLog: 'auditPolicy.replayLog',
  /** Opens the report of the last replay of a policy. */
  showReplay: 'auditPolicy.showReplay',
  insertCisRules: 'auditPolicy.insertCisRules',
  showOutput: 'auditPolicy.showOutput',
  restartServer: 'auditPolicy.restartServer',
} as const;

/** Setting keys (declared in package.json under contributes.configuration). */
export const SettingIds = {
  customResourceDefinitions: 'auditPolicy.customResourceDefinitions',
  kubernetesVersion: 'auditPolicy.kubernetesVersion',
  severity: 'auditPolicy.severity',
  traceServer: 'auditPolicy.trace.server',
} as const;

/** Where every diagnostic code is documented; codes are the anchors. */
export const DIAGNOSTICS_DOCS_URL = 'https://github.com/audit-policy/audit-policy/blob/main/docs/diagnostics.md';

/** A position range as LSP sends it (kept local so this file has no runtime import). */
export interface WireRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * `auditPolicy/evaluate`, sent by the client's simulator: runs one request (shorthand, request
 * JSON or an audit Event JSON line) against the policy of an open document.
 */
export const EvaluateMethod = 'auditPolicy/evaluate';

export interface EvaluateParams {
  textDocument: { uri: string };
  /** The request as the user typed or pasted it. */
  request: string;
}

export interface EvaluateTraceStep {
  rule: number;
  /** 0-based line of the rule. */
  line: number;
  reason: string;
  /** Where the failing condition is written. */
  range: WireRange;
}

export type EvaluateResult =
  | {
      ok: true;
      shorthand: string;
      rule: number | null;
      level: string;
      omitStages: string[];
      omitManagedFields: boolean;
      stages: string[];
      contains: string;
      summary: string;
      /** The deciding rule. */
      ruleRange?: WireRange;
      trace: EvaluateTraceStep[];
      /** When nothing matches: where a catch-all rule would go. */
      catchAllAt?: WireRange;
    }
  | { ok: false; error: { message: string; offset?: number } };

/** `auditPolicy/simulationInputs`, sent by the simulator to fill its quick pick. */
export const SimulationInputsMethod = 'auditPolicy/simulationInputs';

export interface SimulationInputsParams {
  textDocument: { uri: string };
}

export interface SimulationInputs {
  /** One witness per live rule: a request that rule matches first. */
  witnesses: { rule: number; shorthand: string }[];
  typical: { label: string; shorthand: string }[];
  syntax: string;
}

/**
 * `auditPolicy/evaluateBatch`, sent by "Test requests from file" for each chunk of lines (JSON
 * requests or audit Events), so the client can report progress and cancel between chunks.
 */
export const EvaluateBatchMethod = 'auditPolicy/evaluateBatch';

export interface EvaluateBatchParams {
  textDocument: { uri: string };
  lines: string[];
  /** 1-based number of the first line, for error messages. */
  firstLine: number;
}

export interface EvaluateBatchResult {
  /** Counts per deciding rule (null: no rule matched). */
  counts: { rule: number | null; level: string; count: number }[];
  errors: { line: number; message: string }[];
  /** 0-based line of each rule, for the table. */
  ruleLines: number[];
}

/** Arguments of the `Test request` CodeLens command. */
export interface TestRuleArgs {
  uri: string;
  rule: number;
  /** The rule's witness in shorthand, or null when the rule is dead. */
  witness: string | null;
  /** Why the rule is dead, when it is. */
  deadReason?: string;
}

/**
 * `auditPolicy/customResources`, sent by the client whenever the set of workspace files matching
 * `auditPolicy.customResourceDefinitions` changes: their texts, for the server to read CRDs from.
 */
export const CustomResourcesNotification = 'auditPolicy/customResources';

export interface CustomResourcesParams {
  files: { uri: string; text: string }[];
}

/**
 * `auditPolicy/replay`, sent by the "Replay an Audit Log" command: streams log files from disk
 * (JSON lines, plain or gzip) through the policy of an open document. Cancellable; progress
 * arrives as `auditPolicy/replayProgress` notifications.
 */
export const ReplayMethod = 'auditPolicy/replay';

export interface ReplayParams {
  textDocument: { uri: string };
  /** File system paths of the logs, replayed in order. */
  logs: string[];
  /** A second policy to compare against: its text and how to name it (the saved file, HEAD...). */
  compare?: { label: string; text: string };
}

export type ReplayResponse =
  | {
      ok: true;
      /** The text report (the CLI's `replay` output). */
      report: string;
      requests: number;
      cancelled: boolean;
      /** Rules that decided no request of the log. */
      deadInPractice: number[];
    }
  | { ok: false; error: string };

export const ReplayProgressNotification = 'auditPolicy/replayProgress';

export interface ReplayProgressParams {
  uri: string;
  /** Bytes read from disk so far (compressed bytes for gzip logs) and in all. */
  bytesRead: number;
  totalBytes: number;
}
