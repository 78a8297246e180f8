// Connection wiring: initialize, capabilities, one registration line per feature, listen.
import { TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { CancellationToken, Connection, InitializeParams, InitializeResult, TextDocumentIdentifier } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { getCodeActions } from '../features/codeActions';
import { DiagnosticsPublisher } from '../features/diagnostics';
import { getDocumentSymbols } from '../features/symbols';
import { Analyses } from './analyses';
import { runSafe } from './runSafe';
import { SettingsCache } from './settings';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Analyses();
  let canPullConfiguration = false;
  const settings = new SettingsCache(connection, () => canPullConfiguration);
  const diagnostics = new DiagnosticsPublisher(connection, documents, analyses, settings);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'audit-policy', version: '0.1.0' },
    };
  });

  /** Runs a feature on the current analysis of a policy document; `fallback` for anything else. */
  const withAnalysis = <T>(id: TextDocumentIdentifier, token: CancellationToken, fallback: T, what: string, feature: (doc: TextDocument, analysis: DocumentAnalysis) => T): Promise<T> =>
    settings.get(id.uri).then((s) =>
      runSafe(connection, token, fallback, what, () => {
        const document = documents.get(id.uri);
        if (!document) return fallback;
        const analysis = analyses.get(document, s);
        return analysis.policies.length === 0 ? fallback : feature(document, analysis);
      }),
    );

  connection.onCodeAction((params, token) => withAnalysis(params.textDocument, token, [], 'codeAction', (doc, a) => getCodeActions(doc, a, params)));
  connection.onDocumentSymbol((params, token) => withAnalysis(params.textDocument, token, [], 'documentSymbol', (doc, a) => getDocumentSymbols(doc, a)));

  documents.onDidOpen((e) => diagnostics.schedule(e.document, true));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    analyses.forget(e.document.uri);
    settings.forget(e.document.uri);
    void diagnostics.clear(e.document.uri);
  });
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    analyses.clear();
    diagnostics.refreshAll();
  });

  documents.listen(connection);
  connection.listen();
}
