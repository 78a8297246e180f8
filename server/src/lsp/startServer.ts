// Connection wiring: initialize, capabilities, one registration line per feature, listen.
import { TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { CancellationToken, Connection, InitializeParams, InitializeResult, TextDocumentIdentifier } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { FIX_ALL_KIND, getCodeActions, INSERT_CIS_KIND } from '../features/codeActions';
import { getCodeLenses } from '../features/codeLens';
import { getCompletions, getStarterCompletions } from '../features/completion';
import { readCustomResources } from '../features/customResources';
import { doEvaluate, doEvaluateBatch, getSimulationInputs } from '../features/evaluate';
import { DiagnosticsPublisher } from '../features/diagnostics';
import { doHover } from '../features/hover';
import { getDocumentSymbols } from '../features/symbols';
import { ReplayStore, runReplay } from '../features/replay';
import { Analyses } from './analyses';
import { runSafe } from './runSafe';
import { CustomResourcesNotification, EvaluateBatchMethod, EvaluateMethod, ReplayMethod, SimulationInputsMethod } from './protocol';
import type { CustomResourcesParams, EvaluateBatchParams, EvaluateParams, ReplayParams, SimulationInputsParams } from './protocol';
import { SettingsCache } from './settings';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Analyses();
  let canPullConfiguration = false;
  let canRefreshCodeLenses = false;
  const replays = new ReplayStore();
  const settings = new SettingsCache(connection, () => canPullConfiguration);
  const diagnostics = new DiagnosticsPublisher(connection, documents, analyses, settings);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND, INSERT_CIS_KIND] },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '"', '[', ',', '/', ':'], resolveProvider: false },
      },
      serverInfo: { name: 'audit-policy', version: '0.1.0' },
    };
  });

  /** Runs a feature on the current analysis of a policy document; `fallback` for anything else. */
  const withAnalysis = <T>(
    id: TextDocumentIdentifier,
    token: CancellationToken,
    fallback: T,
    what: string,
    feature: (doc: TextDocument, analysis: DocumentAnalysis) => T,
  ): Promise<T> =>
    settings.get(id.uri).then((s) =>
      runSafe(connection, token, fallback, what, () => {
        const document = documents.get(id.uri);
        if (!document) return fallback;
        const analysis = analyses.get(document, s);
        return analysis.policies.length === 0 ? fallback : feature(document, analysis);
      }),
    );

  connection.onCodeAction((params, token) =>
    withAnalysis(params.textDocument, token, [], 'codeAction', (doc, a) => getCodeActions(doc, a, params)),
  );
  connection.onDocumentSymbol((params, token) =>
    withAnalysis(params.textDocument, token, [], 'documentSymbol', (doc, a) => getDocumentSymbols(doc, a)),
  );
  connection.onCompletion((params, token) =>
    settings.get(params.textDocument.uri).then((s) =>
      runSafe(connection, token, null, 'completion', () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        // The last analysis is good enough for the catalogue and policy positions; re-analysing a
        // large policy on every keystroke would make completion wait for it.
        const stale = analyses.peek(document.uri);
        const analysis = stale && stale.policies.length > 0 ? stale : analyses.get(document, s);
        return analysis.policies.length === 0 ? getStarterCompletions(document, params) : getCompletions(document, analysis, params);
      }),
    ),
  );
  connection.onHover((params, token) => withAnalysis(params.textDocument, token, null, 'hover', (doc, a) => doHover(doc, a, params)));
  connection.onCodeLens((params, token) =>
    withAnalysis(params.textDocument, token, [], 'codeLens', (doc, a) => getCodeLenses(doc, a, replays.get(doc.uri))),
  );
  connection.onRequest(ReplayMethod, async (params: ReplayParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return { ok: false, error: 'The policy is not open.' };
    const analysis = analyses.get(document, await settings.get(document.uri));
    try {
      return await runReplay(connection, document, analysis, params, token, replays);
    } catch (error) {
      connection.console.error(`replay failed: ${(error as Error).stack ?? String(error)}`);
      return { ok: false, error: `Replay failed: ${(error as Error).message}` };
    } finally {
      if (canRefreshCodeLenses) void connection.sendRequest('workspace/codeLens/refresh');
    }
  });
  connection.onRequest(EvaluateMethod, (params: EvaluateParams, token) =>
    withAnalysis(params.textDocument, token, null, 'evaluate', (doc, a) => doEvaluate(doc, a, params)),
  );
  connection.onRequest(EvaluateBatchMethod, (params: EvaluateBatchParams, token) =>
    withAnalysis(params.textDocument, token, null, 'evaluateBatch', (doc, a) => doEvaluateBatch(doc, a, params)),
  );
  connection.onRequest(SimulationInputsMethod, (params: SimulationInputsParams, token) =>
    withAnalysis(params.textDocument, token, null, 'simulationInputs', (_doc, a) => getSimulationInputs(a)),
  );
  connection.onNotification(CustomResourcesNotification, (params: CustomResourcesParams) => {
    analyses.setCustomResources(readCustomResources(connection, params));
    diagnostics.refreshAll();
  });

  documents.onDidOpen((e) => diagnostics.schedule(e.document, true));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    analyses.forget(e.document.uri);
    replays.forget(e.document.uri);
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
