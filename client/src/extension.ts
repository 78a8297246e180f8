// Activation only composes: output channel, simulator, commands, the language client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';
import { CustomResourceFeed } from './customResources';
import { Simulator } from './simulator';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kubernetes Audit Policy', { log: true });
  const simulator = new Simulator(context.workspaceState, () => client);
  context.subscriptions.push(output, simulator);
  registerCommands(context, { client: () => client, output, simulator });
  client = createClient(context, output);
  // Start in the background: activation must stay fast, and features come up with the server.
  const started = client;
  started.start().then(
    () => context.subscriptions.push(new CustomResourceFeed(started)),
    (error: unknown) => output.error(`server failed to start: ${String(error)}`),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
