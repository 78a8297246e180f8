// Activation only composes: output channel, commands, the language client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kubernetes Audit Policy', { log: true });
  context.subscriptions.push(output);
  registerCommands(context, { client: () => client, output });
  client = createClient(context, output);
  // Start in the background: activation must stay fast, and features come up with the server.
  client.start().catch((error: unknown) => output.appendLine(`server failed to start: ${String(error)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
