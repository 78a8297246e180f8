// Pushes diagnostics for audit policies only: debounced while typing, dropped when the document
// moved on, and cleared once for a file that stops being a policy. Other YAML gets nothing.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses } from '../lsp/analyses';
import { toDiagnostic } from '../lsp/convert';
import type { SettingsCache } from '../lsp/settings';

const TYPING_DELAY_MS = 120;

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: Analyses,
    private readonly settings: SettingsCache,
  ) {}

  /** Schedules a publish; `immediate` for open, so the first diagnostics come without delay. */
  schedule(document: TextDocument, immediate = false): void {
    clearTimeout(this.timers.get(document.uri));
    const run = () => {
      this.timers.delete(document.uri);
      void this.publish(document.uri, document.version);
    };
    if (immediate) run();
    else this.timers.set(document.uri, setTimeout(run, TYPING_DELAY_MS));
  }

  async publish(uri: string, version: number): Promise<void> {
    const settings = await this.settings.get(uri);
    const document = this.documents.get(uri);
    if (!document || document.version !== version) return;
    try {
      const analysis = this.analyses.get(document, settings);
      if (analysis.policies.length === 0) return this.clear(uri);
      const diagnostics = analysis.findings.map((f) => toDiagnostic(document, f));
      this.published.add(uri);
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      this.connection.console.error(
        `diagnostics failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  /** Republishes every open document (settings changed). */
  refreshAll(): void {
    for (const document of this.documents.all()) this.schedule(document, true);
  }

  async clear(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    if (!this.published.delete(uri)) return;
    await this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
