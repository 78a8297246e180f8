// A minimal LSP client over stdio for benchmarks (the same client library as
// test/support/lspClient.ts): starts a server process, completes the handshake, answers the
// server's configuration requests, and waits for diagnostics by event, never by sleeping.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
} = require('vscode-languageserver-protocol/node');

const CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, versionSupport: true },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    completion: { dynamicRegistration: true, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
  },
};

/** JSON-RPC "method not found". */
export const METHOD_NOT_FOUND = -32601;

/**
 * Starts `command args` and completes initialize/initialized. `settings` answers
 * workspace/configuration by section (e.g. `{ yaml: {...} }`) and is also pushed once with
 * didChangeConfiguration.
 */
export async function startClient({ command = process.execPath, args, settings = {}, cwd }) {
  const startedAt = performance.now();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const at = performance.now();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      // A versioned publish is matched by version; an unversioned one (yaml-language-server) by `accept`.
      const matches =
        params.version === undefined ? !w.accept || w.accept(params) : w.version === undefined || w.version === params.version;
      if (w.uri === params.uri && matches) {
        waiters.splice(i, 1);
        w.resolve({ params, at });
      }
    }
  });
  const section = (name) => name?.split('.').reduce((value, key) => value?.[key], settings) ?? null;
  connection.onRequest('workspace/configuration', (params) => params.items.map((item) => section(item.section)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/logMessage', () => {});
  connection.onNotification('telemetry/event', () => {});
  connection.listen();
  const initialize = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: CAPABILITIES,
    workspaceFolders: null,
  });
  const initializedMs = performance.now() - startedAt;
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidChangeConfigurationNotification.type, { settings });

  /**
   * Resolves with `{ params, at }` for the next diagnostics of `uri`: at `version` if given when the
   * server publishes versions; else (yaml-language-server) the first publish that `accept` takes,
   * if given. Rejects after 60 s.
   */
  const nextDiagnostics = (uri, version, accept) =>
    new Promise((resolve, reject) => {
      const waiter = { uri, version, accept, resolve: (value) => (clearTimeout(timer), resolve(value)) };
      // Never hang a benchmark run: a publish that does not come within a minute is an error.
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no diagnostics for ${uri} (version ${version ?? 'any'}) within 60 s from ${args.join(' ')}`));
      }, 60000);
      waiters.push(waiter);
    });
  return {
    connection,
    process: child,
    capabilities: initialize.capabilities,
    serverInfo: initialize.serverInfo,
    initializedMs,
    stderr: () => stderr,
    nextDiagnostics,
    /** Opens a document; resolves with the first diagnostics and the milliseconds they took. */
    async open(uri, text, languageId = 'yaml') {
      const published = nextDiagnostics(uri);
      const start = performance.now();
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      const { params, at } = await published;
      return { diagnostics: params.diagnostics, ms: at - start };
    },
    /** Sends incremental `changes` at `version`; resolves with that version's diagnostics (see nextDiagnostics) and the time they took. */
    async change(uri, version, changes, accept) {
      const published = nextDiagnostics(uri, version, accept);
      const start = performance.now();
      await this.sendChange(uri, version, changes);
      const { params, at } = await published;
      return { diagnostics: params.diagnostics, ms: at - start };
    },
    sendChange(uri, version, changes) {
      return connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: changes,
      });
    },
    close(uri) {
      return connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    /** Sends a request; resolves with `{ result, ms }` or `{ error, ms }` (method not found and others). */
    async timed(method, params) {
      const start = performance.now();
      try {
        const result = await connection.sendRequest(method, params);
        return { result, ms: performance.now() - start };
      } catch (error) {
        return { error: { code: error.code, message: error.message }, ms: performance.now() - start };
      }
    },
    /** Peak resident set size of the server process (VmHWM), in MB, where /proc exists. */
    peakRssMB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
      } catch {
        return null;
      }
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone.
      }
      connection.dispose();
      child.kill();
    },
  };
}
