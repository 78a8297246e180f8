// "Replay an Audit Log": pick log files (and optionally a policy to compare with), let the server
// stream them with a cancellable progress notification, then show the report beside the policy.
// Per-rule results appear as CodeLenses, served by the server until the policy changes.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReplayMethod, ReplayProgressNotification } from '../../server/src/lsp/protocol';
import type { ReplayParams, ReplayProgressParams, ReplayResponse } from '../../server/src/lsp/protocol';

export async function replayLog(
  client: LanguageClient | undefined,
  policyUri?: string,
  logs?: (string | vscode.Uri)[],
): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const target = policyUri ?? editor?.document.uri.toString();
  if (!client || !target) return void vscode.window.showWarningMessage('Open an audit policy first.');
  const files =
    logs?.map((l) => (typeof l === 'string' ? l : l.fsPath)) ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Replay',
        title: 'Audit logs to replay (JSON lines, plain or gzip)',
        filters: { 'Audit logs': ['log', 'jsonl', 'json', 'ndjson', 'gz'], All: ['*'] },
      })
    )?.map((u) => u.fsPath);
  if (!files || files.length === 0) return undefined;
  const compare = logs ? undefined : await pickComparison(vscode.Uri.parse(target));
  if (compare === null) return undefined;
  const params: ReplayParams = { textDocument: { uri: target }, logs: files, compare };
  const response = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Replaying ${files.length === 1 ? files[0] : `${files.length} logs`}`,
      cancellable: true,
    },
    async (progress, token) => {
      let done = 0;
      const listener = client.onNotification(ReplayProgressNotification, (p: ReplayProgressParams) => {
        if (p.uri !== target || p.totalBytes === 0) return;
        const percent = (100 * p.bytesRead) / p.totalBytes;
        progress.report({ increment: percent - done, message: `${Math.round(percent)}%` });
        done = percent;
      });
      try {
        return await client.sendRequest<ReplayResponse>(ReplayMethod, params, token);
      } catch (error) {
        if (token.isCancellationRequested) return undefined;
        throw error;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!response) return void vscode.window.showInformationMessage('Replay cancelled: the CodeLenses show the partial counts.');
  if (!response.ok) return void vscode.window.showErrorMessage(response.error);
  await showReplayReport(response.report);
  if (response.deadInPractice.length > 0) {
    const rules = response.deadInPractice.map((r) => r + 1).join(', ');
    void vscode.window.showInformationMessage(
      `No request of the log was decided by rule${response.deadInPractice.length > 1 ? 's' : ''} ${rules}.`,
    );
  }
  return response.report;
}

export async function showReplayReport(report: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: report });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
}

/** Asks what to compare with; undefined for nothing, null when the user backed out. */
async function pickComparison(policy: vscode.Uri): Promise<ReplayParams['compare'] | null> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === policy.toString());
  const items: (vscode.QuickPickItem & { id: string })[] = [{ id: 'none', label: 'No comparison', description: 'per-rule counts only' }];
  if (open?.isDirty && policy.scheme === 'file') {
    items.push({ id: 'saved', label: 'The saved file', description: 'what changes with your unsaved edits' });
  }
  if (policy.scheme === 'file') items.push({ id: 'head', label: 'Git HEAD', description: 'the committed version of this file' });
  items.push({ id: 'file', label: 'Another policy file...' });
  const choice =
    items.length === 2 && items[1]!.id === 'file'
      ? items[0]
      : await vscode.window.showQuickPick(items, { title: 'Compare the replay with' });
  if (!choice) return null;
  try {
    switch (choice.id) {
      case 'saved':
        return { label: 'the saved file', text: new TextDecoder().decode(await vscode.workspace.fs.readFile(policy)) };
      case 'head':
        return { label: 'HEAD', text: await gitShow(policy.fsPath) };
      case 'file': {
        const picked = (
          await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare', filters: { YAML: ['yaml', 'yml'] } })
        )?.[0];
        if (!picked) return null;
        return {
          label: vscode.workspace.asRelativePath(picked),
          text: new TextDecoder().decode(await vscode.workspace.fs.readFile(picked)),
        };
      }
      default:
        return undefined;
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot read the policy to compare with: ${(error as Error).message}`);
    return null;
  }
}

function gitShow(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const cwd = dirname(path);
    execFile('git', ['rev-parse', '--show-prefix'], { cwd }, (error, prefix) => {
      if (error) return reject(new Error('not in a git repository'));
      const name = path.slice(cwd.length + 1);
      execFile('git', ['show', `HEAD:${prefix.trim()}${name}`], { cwd, maxBuffer: 64 << 20 }, (showError, text) =>
        showError ? reject(new Error(`git show HEAD failed: ${showError.message}`)) : resolve(text),
      );
    });
  });
}
