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
  insertCisRules: 'auditPolicy.insertCisRules',
  showOutput: 'auditPolicy.showOutput',
  restartServer: 'auditPolicy.restartServer',
} as const;

/** Setting keys (declared in package.json under contributes.configuration). */
export const SettingIds = {
  kubernetesVersion: 'auditPolicy.kubernetesVersion',
  severity: 'auditPolicy.severity',
  traceServer: 'auditPolicy.trace.server',
} as const;

/** Where every diagnostic code is documented; codes are the anchors. */
export const DIAGNOSTICS_DOCS_URL = 'https://github.com/audit-policy/audit-policy/blob/main/docs/diagnostics.md';
