// Test harness: the bundled dist/server.js over stdio, driven by a real LSP client connection
// (vscode-languageserver-protocol). Waits on events, never sleeps.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
} from 'vscode-languageserver-protocol/node';
import type { ProtocolConnection, PublishDiagnosticsParams, ClientCapabilities } from 'vscode-languageserver-protocol/node';

export const SERVER_PATH = resolve(__dirname, '../../../dist/server.js');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  open(uri: string, text: string, languageId?: string): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, text: string): Promise<PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics published for `uri` (optionally at a given version). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
  },
};

/** Starts the bundled server and completes the initialize handshake. */
export async function startTestClient(): Promise<TestClient> {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const index = waiters.findIndex((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(params);
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: CAPABILITIES,
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const nextDiagnostics = (uri: string, version?: number) =>
    new Promise<PublishDiagnosticsParams>((resolveWaiter) => waiters.push({ uri, version, resolve: resolveWaiter }));
  return {
    connection,
    process: child,
    nextDiagnostics,
    async open(uri, text, languageId = 'yaml') {
      const published = nextDiagnostics(uri);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return published;
    },
    async change(uri, version, text) {
      const published = nextDiagnostics(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      return published;
    },
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      connection.dispose();
      child.kill();
    },
  };
}
