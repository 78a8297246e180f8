// Sends the texts of workspace files matching `auditPolicy.customResourceDefinitions` to the
// server, at start and whenever such a file or the setting changes, so CRD groups and
// resources complete and validate like built-in ones.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CustomResourcesNotification, SettingIds } from '../../server/src/lsp/protocol';
import type { CustomResourcesParams } from '../../server/src/lsp/protocol';

const MAX_FILES = 500;
const RESEND_DELAY_MS = 500;

export class CustomResourceFeed implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly configListener: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SettingIds.customResourceDefinitions)) this.restart();
    });
    this.restart();
  }

  private globs(): string[] {
    return vscode.workspace.getConfiguration().get<string[]>(SettingIds.customResourceDefinitions, []);
  }

  private restart(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = this.globs().map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const later = () => this.scheduleSend();
      watcher.onDidCreate(later);
      watcher.onDidChange(later);
      watcher.onDidDelete(later);
      return watcher;
    });
    this.scheduleSend();
  }

  private scheduleSend(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), RESEND_DELAY_MS);
  }

  private async send(): Promise<void> {
    const uris = new Map<string, vscode.Uri>();
    for (const glob of this.globs()) {
      for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_FILES)) uris.set(uri.toString(), uri);
    }
    const files: CustomResourcesParams['files'] = [];
    for (const uri of [...uris.values()].slice(0, MAX_FILES)) {
      try {
        files.push({ uri: uri.toString(), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      } catch {
        // A file deleted between the search and the read is simply left out.
      }
    }
    const params: CustomResourcesParams = { files };
    await this.client.sendNotification(CustomResourcesNotification, params);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.configListener.dispose();
    for (const w of this.watchers) w.dispose();
  }
}
